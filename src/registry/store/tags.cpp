// Dated person tags.
#include "registry/store.h"

#include <algorithm>
#include <map>

#include "core/json.h"
#include "core/storage/rows.h"
#include "registry/store/rows.h"
#include "territory/store.h"

namespace wangge::registry::store {

using namespace detail;

void load_tags(storage::Tx& tx, std::vector<Person>& ps) {
  if (ps.empty()) return;
  std::vector<Value> p;
  const std::string in = storage::in_list(ps, p, &Person::id);
  std::map<std::int64_t, Person*> by_id;
  for (auto& x : ps) by_id[x.id] = &x;
  for (const auto& r : tx.exec(std::string("SELECT ") + kTagColumns + " FROM person_tags WHERE until IS NULL AND " +
                                   "person_id IN (" + in + ") ORDER BY id",
                               p)
                           .rows) {
    Tag t = decode_tag(r);
    by_id[t.person_id]->tags.push_back(std::move(t));
  }
}

std::vector<Tag> tag_history(storage::Tx& tx, std::int64_t person_id) {
  std::vector<Tag> out;
  for (const auto& r :
       tx.exec(std::string("SELECT ") + kTagColumns + " FROM person_tags WHERE person_id = ? ORDER BY id", {person_id})
           .rows)
    out.push_back(decode_tag(r));
  return out;
}

std::int64_t insert_tag(storage::Tx& tx, const Tag& t, std::optional<std::int64_t> by, std::int64_t now) {
  return tx.insert_id(
      "INSERT INTO person_tags (person_id, tag, since, until, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, "
      "?, ?) RETURNING id",
      {t.person_id, t.tag, t.since, opt(t.until), t.note, opt(by), now});
}

std::optional<Tag> tag(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kTagColumns + " FROM person_tags WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_tag(res.rows[0]);
}

void end_tag(storage::Tx& tx, std::int64_t id, const std::string& until) {
  tx.exec("UPDATE person_tags SET until = ? WHERE id = ? AND until IS NULL", {until, id});
}

}  // namespace wangge::registry::store
