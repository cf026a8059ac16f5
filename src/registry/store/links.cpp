// The SQL of accounts linked to registry persons (实名认证) and of the electorates the
// deliberation module's ballots copy (adults living under a node, or its households).
#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "registry/store.h"

namespace wangge::registry::store {

bool link_account(storage::Tx& tx, std::int64_t person_id, std::int64_t user_id, const std::string& method,
                  std::optional<std::int64_t> by, std::int64_t at) {
  return tx.exec(
               "INSERT INTO person_accounts (person_id, user_id, method, linked_by, linked_at) VALUES (?, ?, ?, ?, "
               "?) ON CONFLICT DO NOTHING",
               {person_id, user_id, method, by ? storage::Value(*by) : storage::Value(nullptr), at})
             .changes == 1;
}

bool unlink_account(storage::Tx& tx, std::int64_t person_id) {
  return tx.exec("DELETE FROM person_accounts WHERE person_id = ?", {person_id}).changes == 1;
}

std::optional<std::int64_t> account_of_person(storage::Tx& tx, std::int64_t person_id) {
  auto res = tx.exec("SELECT user_id FROM person_accounts WHERE person_id = ?", {person_id});
  if (res.empty()) return std::nullopt;
  return res.rows[0].i64(0);
}

std::optional<std::int64_t> person_of_account(storage::Tx& tx, std::int64_t user_id) {
  auto res = tx.exec("SELECT person_id FROM person_accounts WHERE user_id = ?", {user_id});
  if (res.empty()) return std::nullopt;
  return res.rows[0].i64(0);
}

std::int64_t claim_failures(storage::Tx& tx, std::int64_t user_id, std::int64_t since) {
  return tx.exec("SELECT COUNT(*) FROM person_claim_failures WHERE user_id = ? AND at >= ?", {user_id, since})
      .one()
      .i64(0);
}

void add_claim_failure(storage::Tx& tx, std::int64_t user_id, std::int64_t at) {
  tx.exec("INSERT INTO person_claim_failures (user_id, at) VALUES (?, ?)", {user_id, at});
}

std::vector<std::pair<std::int64_t, std::string>> electorate(storage::Tx& tx, const std::string& kind,
                                                             const std::string& path, const std::string& born_by) {
  std::vector<storage::Value> p;
  std::string sql;
  if (kind == "household") {
    // A household someone lives in now, named by its address.
    sql = "SELECT h.id, h.address || CASE WHEN h.room = '' THEN '' ELSE ' ' || h.room END FROM households h WHERE ";
    storage::scope_clause({path}, "h.region_path", sql, p);
    sql +=
        " AND EXISTS (SELECT 1 FROM household_members m WHERE m.household_id = h.id AND m.moved_out_on IS NULL) "
        "ORDER BY h.id";
  } else {
    // An adult (born on or before `born_by`) living in a household under the node.
    sql = "SELECT id, name FROM persons WHERE ";
    storage::scope_clause({path}, "region_path", sql, p);
    sql += " AND household_id IS NOT NULL AND birth_date <= ? ORDER BY id";
    p.emplace_back(born_by);
  }
  return storage::all_as(tx.exec(sql, p), [](const storage::Row& r) { return std::make_pair(r.i64(0), r.str(1)); });
}

}  // namespace wangge::registry::store
