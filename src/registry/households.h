// Household use cases (households.cpp), called by the routes in households_http.cpp: list
// within scope, create, the household file (audited), correct, moves in and out.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/context.h"
#include "registry/model.h"
#include "registry/rules.h"
#include "registry/store.h"

namespace wangge::registry {

class Service;

struct HouseholdPage {
  std::vector<Household> items;
  std::map<std::int64_t, std::int64_t> members;  // current members per household
  bool more = false;
};
HouseholdPage list_households(Service& svc, store::HouseholdFilter filter, int limit);

// Creates `h` (at its place, or in its building's), naming a landlord the caller may read.
Household create_household(Service& svc, const Context& ctx, Household h);
// The same inside the caller's transaction (the demo's bulk load).
Household create_household(Service& svc, storage::Tx& tx, const Context& ctx, Household h);

// The household file (一户一档): members now and before, their tags, the building.
struct HouseholdFile {
  Household household;
  std::vector<Membership> stays;          // oldest first
  std::map<std::int64_t, Person> people;  // members, former members and the landlord, tags loaded
  std::optional<Building> building;
};
// A household the caller may read; the read is audited.
HouseholdFile read_household(Service& svc, const Context& ctx, std::int64_t id);

// The fields of a household that a correction may change: only those sent.
struct HouseholdChanges {
  std::optional<std::string> address, room, housing_type;
  Change<std::int64_t> landlord_id, head_id;
};
Household correct_household(Service& svc, const Context& ctx, std::int64_t id, std::int64_t version,
                            const HouseholdChanges& changes);

// A person moves into household `id` on `on`, ending their stay elsewhere; the person as now.
Person move_in(Service& svc, const Context& ctx, std::int64_t id, std::int64_t person_id, const std::string& relation,
               const std::string& on);
// A member moves out on `on` for `reason`.
void move_out(Service& svc, const Context& ctx, std::int64_t id, std::int64_t person_id, const std::string& reason,
              const std::string& on);
// The same inside the caller's transaction (the demo's bulk load).
void move_out(Service& svc, storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t person_id,
              const std::string& reason, const std::string& on);

}  // namespace wangge::registry
