// The suggestion model's reads (store_suggest.h).
#include "events/store_suggest.h"

#include "core/storage/rows.h"

namespace wangge::events::store {

std::vector<ClosedCase> closed_cases(storage::Tx& tx, std::int64_t before_id, int limit) {
  auto res = tx.exec(
      "SELECT id, description, category_code, region_path, department_id FROM events "
      "WHERE status = ? AND id < ? ORDER BY id DESC LIMIT ?",
      {std::string("closed"), before_id > 0 ? before_id : INT64_MAX, std::int64_t{limit}});
  return storage::all_as(res, [](const storage::Row& r) {
    return ClosedCase{r.i64(0), r.str(1), r.str(2), r.str(3), r.opt_i64(4)};
  });
}

std::int64_t closed_total(storage::Tx& tx) {
  // The top level's month rows (grain 2, parent "/"): every event counts in exactly one,
  // by its creation month and its province.
  return tx.exec("SELECT COALESCE(SUM(closed), 0) FROM event_rollup WHERE grain = 2 AND parent_path = '/'")
      .one()
      .i64(0);
}

}  // namespace wangge::events::store
