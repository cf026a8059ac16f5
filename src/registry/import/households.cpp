// Importing households, matched by place, address and room.
#include "core/auth.h"
#include "core/error.h"
#include "registry/id_number.h"
#include "registry/import/kinds.h"
#include "registry/rules.h"
#include "registry/service.h"
#include "registry/store.h"

namespace wangge::registry::import {

const std::vector<Column>& HouseholdImport::columns() {
  static const std::vector<Column> kColumns = {
      {"region_code", {"网格编码", "区域编码", "所属网格", "region_code"}, true, Format::code},
      {"address", {"地址", "住址", "address"}, true},
      {"room", {"房号", "门牌号", "room"}, false},
      {"housing_type", {"住房类型", "房屋性质", "housing_type"}, false},
      {"building", {"楼栋", "楼栋名称", "building"}, false},
  };
  return kColumns;
}

std::optional<HouseholdImport::Row> HouseholdImport::check(Common& c, Fields& in) {
  std::size_t before = in.errors.size();
  Household h;
  h.region_code = in.get("region_code");
  auto path = c.place(in, "region_code", 12);
  if (path) h.region_path = *path;
  h.address = in.text("address", 200, true);
  h.room = in.text("room", 32, false);
  std::string ht = in.get("housing_type");
  h.housing_type = ht.empty() ? "owned" : canonical(ht);
  if (!listed(kHousingTypes, h.housing_type))
    in.fail("housing_type", "owned, rented, public or other", "应为 自有、出租、公房 或 其他");
  FieldProblems problems{in};
  check_household({h.housing_type, std::nullopt}, problems);
  h.building_id = c.building(in, "building", path);
  if (in.errors.size() != before) return std::nullopt;
  return h;
}

void HouseholdImport::Applier::apply(storage::Tx& tx, const Row& r, bool write) {
  std::int64_t now = storage::now_ms();
  auto id = store::household_at(tx, r.region_code, r.address, r.room);
  if (!id) {
    ++chunk_inserted;
    if (!write) return;
    Household h = r;
    h.created_at = h.updated_at = now;
    store::insert_household(tx, h);
    return;
  }
  auto found = store::household(tx, *id);
  if (!found) return;  // matched a moment ago in this transaction
  Household h = *found;
  if (h.housing_type == r.housing_type && (!r.building_id || h.building_id == r.building_id)) {
    ++chunk_unchanged;
    return;
  }
  ++chunk_updated;
  if (!write) return;
  h.housing_type = r.housing_type;
  if (r.building_id) h.building_id = r.building_id;
  h.version += 1;
  h.updated_at = now;
  store::update_household(tx, h, h.version - 1);
}

}  // namespace wangge::registry::import
