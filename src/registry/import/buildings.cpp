// Importing buildings, matched by place and name.
#include "core/auth.h"
#include "core/error.h"
#include "registry/id_number.h"
#include "registry/import/kinds.h"
#include "registry/rules.h"
#include "registry/service.h"
#include "registry/store.h"

namespace wangge::registry::import {

const std::vector<Column>& BuildingImport::columns() {
  static const std::vector<Column> kColumns = {
      {"region_code", {"网格编码", "区域编码", "所属网格", "region_code"}, true, Format::code},
      {"name", {"楼栋名称", "名称", "楼栋", "name"}, true},
      {"address", {"地址", "address"}, false},
      {"floors", {"层数", "楼层数", "floors"}, false, Format::number},
      {"lat", {"纬度", "lat"}, false, Format::number},
      {"lng", {"经度", "lng"}, false, Format::number},
  };
  return kColumns;
}

std::optional<BuildingImport::Row> BuildingImport::check(Common& c, Fields& in) {
  std::size_t before = in.errors.size();
  Building b;
  b.region_code = in.get("region_code");
  if (auto path = c.place(in, "region_code", 15)) b.region_path = *path;
  b.name = in.text("name", 100, true);
  b.address = in.text("address", 200, false);
  BuildingInput input;
  if (auto f = number_field(in, "floors")) {
    input.floors = *f;  // its range is check_building's
    if (*f >= 1 && *f <= 200) {
      if (*f != static_cast<double>(static_cast<std::int64_t>(*f))) {
        in.fail("floors", "a whole number from 1 to 200", "应为 1 至 200 的整数");
      } else {
        b.floors = static_cast<std::int64_t>(*f);
      }
    }
  }
  input.lat = b.lat = number_field(in, "lat");
  input.lng = b.lng = number_field(in, "lng");
  FieldProblems problems{in};
  check_building(input, problems);
  if (b.lat.has_value() != b.lng.has_value())
    in.fail("lat", "both latitude and longitude, or neither", "经纬度须同时填写");
  if (in.errors.size() != before) return std::nullopt;
  return b;
}

void BuildingImport::Applier::apply(storage::Tx& tx, const Row& r, bool write) {
  std::int64_t now = storage::now_ms();
  std::optional<Building> found;
  for (auto& b : store::buildings_named(tx, r.region_path, r.name)) {
    if (b.region_code == r.region_code) found = std::move(b);
  }
  if (!found) {
    ++chunk_inserted;
    if (write) store::insert_building(tx, r, now);
    return;
  }
  Building b = *found;
  if (b.address == r.address && b.floors == r.floors && b.lat == r.lat && b.lng == r.lng) {
    ++chunk_unchanged;
    return;
  }
  ++chunk_updated;
  if (!write) return;
  b.address = r.address;
  b.floors = r.floors;
  b.lat = r.lat;
  b.lng = r.lng;
  b.version += 1;
  store::update_building(tx, b, b.version - 1, now);
}

}  // namespace wangge::registry::import
