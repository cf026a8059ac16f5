// The party module's SQL. Only this module reads or writes party_orgs, party_members and
// party_pledges.
//
// Uniqueness: the partial unique indexes of migration 0037 (one current regular membership
// per person, one current in-service report per person or phone per organisation, one
// active organisation of a name per node) back the checks the use cases make first, so two
// secretaries adding the same person at once get one 201 and one 409. Changes are guarded
// by the row's version (UPDATE ... WHERE version = ?).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/storage/database.h"
#include "party/model.h"

namespace wangge::party::store {

inline storage::Value opt_id(const std::optional<std::int64_t>& v) {
  return v ? storage::Value(*v) : storage::Value(nullptr);
}
inline storage::Value opt_text(const std::optional<std::string>& v) {
  return v ? storage::Value(*v) : storage::Value(nullptr);
}
// "%text%" for `LIKE ? ESCAPE '\'`, its wildcards escaped.
inline std::string like_pattern(const std::string& text) {
  std::string like = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') like += '\\';
    like += ch;
  }
  return like + "%";
}

// --- organisations (store.cpp) ---
std::int64_t insert_org(storage::Tx& tx, const Org& o);
// Writes the changeable columns (name, building, secretary, founding, status) where the
// stored version is `expected`; false when it changed meanwhile.
bool update_org(storage::Tx& tx, const Org& o, std::int64_t expected);
std::optional<Org> org(storage::Tx& tx, std::int64_t id);
// Whether an active organisation at the node carries the name (other than `except`).
bool org_name_taken(storage::Tx& tx, const std::string& region_code, const std::string& name,
                    std::optional<std::int64_t> except);
struct OrgFilter {
  std::vector<std::string> within, line;  // what the caller reaches (storage::reach_clause)
  std::optional<std::string> under;       // within this path too
  std::optional<std::string> level, status, q;
  std::optional<std::int64_t> parent_id, after_id;
  int limit = 50;
};
// In id order (creation order: parents before their children).
std::vector<Org> orgs(storage::Tx& tx, const OrgFilter& f);

// --- members (store_members.cpp) ---
std::int64_t insert_member(storage::Tx& tx, const Member& m);
// Writes the changeable columns (post, units, phone, account, dates, leaving, transfer)
// where the stored version is `expected`; false when it changed meanwhile.
bool update_member(storage::Tx& tx, const Member& m, std::int64_t expected);
std::optional<Member> member(storage::Tx& tx, std::int64_t id);
// The person's current regular membership, anywhere.
std::optional<std::int64_t> current_regular(storage::Tx& tx, std::int64_t person_id);
// The current in-service report to the organisation of the person, or (no person) of the phone.
std::optional<std::int64_t> current_report(storage::Tx& tx, std::int64_t org_id, std::optional<std::int64_t> person_id,
                                           const std::optional<std::string>& phone_index);
struct MemberFilter {
  std::vector<std::string> within;  // the caller's scope
  std::optional<std::string> under;
  std::optional<std::int64_t> org_id, person_id, user_id, before_id;
  std::optional<std::int64_t> after_id;  // oldest first from here (the ledger)
  std::optional<std::string> kind, post, q;
  std::optional<bool> active;
  int limit = 50;
};
// Newest first (oldest first with after_id).
std::vector<Member> members(storage::Tx& tx, const MemberFilter& f);
// Every stay of the member's person (or, without one, of its phone), oldest first.
std::vector<Member> history(storage::Tx& tx, const Member& m);
// Current members and active child organisations of an organisation.
std::int64_t current_members(storage::Tx& tx, std::int64_t org_id);
std::int64_t active_children(storage::Tx& tx, std::int64_t org_id);

// --- pledges (store_pledges.cpp) ---
std::int64_t insert_pledge(storage::Tx& tx, const Pledge& p);
bool update_pledge(storage::Tx& tx, const Pledge& p, std::int64_t expected);
std::optional<Pledge> pledge(storage::Tx& tx, std::int64_t id);
std::int64_t active_pledges(storage::Tx& tx, std::int64_t member_id);
struct PledgeFilter {
  std::vector<std::string> within;
  std::optional<std::string> under, kind, status;
  std::optional<std::int64_t> member_id, before_id;
  int limit = 50;
};
std::vector<Pledge> pledges(storage::Tx& tx, const PledgeFilter& f);
// A member's active pledges follow them to their next stay (a transfer).
void move_active_pledges(storage::Tx& tx, std::int64_t from_member, std::int64_t to_member,
                         const std::string& region_path, std::int64_t now);
// A member's active pledges end when they leave: withdrawn, with the note.
void withdraw_active_pledges(storage::Tx& tx, std::int64_t member_id, std::int64_t by, const std::string& note,
                             std::int64_t now);

// --- figures (store_stats.cpp) ---
struct OrgCount {
  std::int64_t org_id = 0;
  std::string name, level, region_code;
  std::int64_t regular = 0, in_service = 0;
};
struct Figures {
  std::map<std::string, std::int64_t> orgs_by_level;  // active organisations
  std::map<std::string, std::int64_t> by_kind, by_post;
  std::vector<OrgCount> by_org;  // active organisations and any with current members
  std::int64_t joined = 0, joined_by_transfer = 0;
  std::map<std::string, std::int64_t> left_by_reason;
  std::map<std::string, std::int64_t> pledges_made, pledges_fulfilled;
  std::int64_t made_fulfilled = 0, pledges_active = 0;
};
// Under `path`; joined and left between the days [from_day, to_day]; pledges made and
// fulfilled in the instants [from, to).
Figures figures(storage::Tx& tx, const std::string& path, const std::string& from_day, const std::string& to_day,
                std::int64_t from, std::int64_t to);
// Rows at a node (the guard on deleting it) and under a path (the guard on moving it).
std::int64_t count_uses(storage::Tx& tx, const std::string& code);
std::int64_t count_under(storage::Tx& tx, const std::string& path);

}  // namespace wangge::party::store
