// The demo registry (demo.h): for every grid under the town, in one transaction a grid,
// buildings in its units, households at addresses (in the buildings, or self-built houses
// on the village roads) and their residents (demo_people.cpp) with tags, each entered
// through the registry's own use cases as an import by the registrar would be: checked
// by check_person, ID numbers and phones sealed, every step audited. Then visits by the
// first demo account that may visit the grid (demo_visits.cpp).
#include "registry/demo.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/geo/geo.h"
#include "registry/households.h"
#include "registry/persons.h"
#include "registry/places.h"
#include "registry/service.h"
#include "registry/tags.h"
#include "territory/service.h"

namespace wangge::registry {
namespace {

constexpr std::array<const char*, 10> kRoads = {"平沙大道", "升平路", "立新路", "沙美路", "新城路",
                                                "平湖路",   "前锋路", "美平路", "湖滨路", "海港路"};
constexpr std::array<const char*, 10> kEstates = {"平沙花园", "湖畔新城", "美平苑",   "金湾名苑", "升平小区",
                                                  "立新花园", "沙美新村", "平湖雅居", "海岸豪庭", "锦绣华庭"};

// One grid's registry, made inside one transaction.
class GridMaker {
 public:
  GridMaker(Service& svc, storage::Tx& tx, const Context& registrar, demo::People& people, DemoCounts& counts,
            const territory::Region& grid, std::vector<territory::Region> units, int grid_no)
      : svc_(svc),
        tx_(tx),
        ctx_(registrar),
        people_(people),
        counts_(counts),
        grid_(grid),
        units_(std::move(units)),
        grid_no_(grid_no) {
    if (units_.empty()) units_.push_back(grid_);
    // "立新社区第一网格" -> "立新社区": where the addresses are.
    place_ = grid_.name.substr(0, grid_.name.find("第"));
  }
  std::vector<demo::Made> run(int households);

 private:
  void add_buildings(int n);
  // A point inside `unit` and the grid, for a building's marker; nothing when none is found.
  void place_on_map(const territory::Region& unit, Building& b);
  Household at_address(const demo::Home& home, int k);
  void register_residents(demo::Made& m);

  Service& svc_;
  storage::Tx& tx_;
  const Context& ctx_;
  demo::People& people_;
  DemoCounts& counts_;
  const territory::Region& grid_;
  std::vector<territory::Region> units_;
  int grid_no_;
  std::string place_;
  std::vector<Building> buildings_;
  std::vector<int> next_door_;           // per building
  std::vector<std::int64_t> landlords_;  // heads of owned homes, who let rooms
};

void GridMaker::add_buildings(int n) {
  for (int k = 0; k < n; ++k) {
    const auto& unit = units_[static_cast<std::size_t>(k) % units_.size()];
    Building b;
    b.region_code = unit.code;
    b.region_path = unit.path;
    auto estate = static_cast<std::size_t>(grid_no_ + k / 3) % kEstates.size();
    b.name = std::string(kEstates[estate]) + std::to_string(k % 3 + 1 + grid_no_ % 7 * 3) + "栋";
    b.address = "平沙镇" + std::string(kRoads[static_cast<std::size_t>(grid_no_ + k) % kRoads.size()]) +
                std::to_string(2 + 2 * people_.below(80)) + "号";
    b.floors = people_.chance(60) ? 6 + people_.below(3) : 11 + people_.below(22);
    place_on_map(unit, b);
    buildings_.push_back(add_building(svc_, tx_, ctx_, b));
    next_door_.push_back(0);
    ++counts_.buildings;
  }
}

void GridMaker::place_on_map(const territory::Region& unit, Building& b) {
  if (!unit.geometry) return;
  auto shape = geo::Shape::from_geojson(*unit.geometry, nullptr, nullptr);
  if (!shape) return;
  auto box = shape->bbox();
  for (int tries = 0; tries < 20; ++tries) {
    // Within the middle of the box, rounded to 1e-6 degrees (about 0.1 m).
    double lng = box.min_lng + (box.max_lng - box.min_lng) * (0.15 + 0.7 * people_.below(1000) / 1000.0);
    double lat = box.min_lat + (box.max_lat - box.min_lat) * (0.15 + 0.7 * people_.below(1000) / 1000.0);
    lng = std::round(lng * 1e6) / 1e6;
    lat = std::round(lat * 1e6) / 1e6;
    if (svc_.territory().locate(lng, lat) == grid_.code) {
      b.lng = lng;
      b.lat = lat;
      return;
    }
  }
}

// The household's address: a flat in a building (unit, floor, door), or a self-built house.
Household GridMaker::at_address(const demo::Home& home, int k) {
  Household h;
  h.housing_type = home.housing_type;
  if (!buildings_.empty() && k % 4 != 3) {
    auto bi = static_cast<std::size_t>(people_.below(static_cast<int>(buildings_.size())));
    const Building& b = buildings_[bi];
    int n = next_door_[bi]++;
    int floors = static_cast<int>(b.floors.value_or(6));
    int unit = n / (floors * 2) % 3 + 1, floor = n / 2 % floors + 1, door = n % 2 + 1;
    h.building_id = b.id;
    h.address = b.address + b.name;
    h.room = std::to_string(unit) + "单元" + std::to_string(floor) + "0" + std::to_string(door);
  } else {
    const auto& unit = units_[static_cast<std::size_t>(people_.below(static_cast<int>(units_.size())))];
    h.region_code = unit.code;
    h.region_path = unit.path;
    h.address = "平沙镇" + place_ + kRoads[static_cast<std::size_t>(people_.below(10))] + "巷" +
                std::to_string(1 + people_.below(60)) + "号";
  }
  if (h.housing_type == "rented" && !landlords_.empty())
    h.landlord_id = landlords_[static_cast<std::size_t>(people_.below(static_cast<int>(landlords_.size())))];
  if (h.housing_type == "rented" && !h.landlord_id) h.housing_type = "owned";
  return h;
}

void GridMaker::register_residents(demo::Made& m) {
  for (const auto& r : m.home.residents) {
    NewPerson in;
    in.input.name = r.name;
    in.input.id_number = {true, r.id_number};
    if (!r.phone.empty()) in.input.phone = {true, r.phone};
    in.input.residence_type = r.residence_type;
    if (r.permit_from) in.input.floating_registered_on = {true, format_day(*r.permit_from)};
    if (r.permit_to) in.input.floating_expires_on = {true, format_day(*r.permit_to)};
    in.household_id = m.household.id;
    in.relation = r.relation;
    in.moved_in_on = format_day(r.moved_in);
    Person p = register_person(svc_, tx_, ctx_, in);
    m.person_ids.push_back(p.id);
    ++counts_.persons;
    for (const auto& [code, since] : r.tags) {
      Tag t;
      t.person_id = p.id;
      t.tag = code;
      t.since = since;
      tag_person(svc_, tx_, ctx_, t);
      ++counts_.tags;
    }
  }
  if (m.household.housing_type == "owned" && !m.person_ids.empty() && m.home.kind != "left_behind")
    landlords_.push_back(m.person_ids.front());
  // Some grown children have left (the household file keeps them as former members).
  static constexpr std::array<const char*, 3> kWhy = {"外出务工", "考入外地高校", "婚嫁迁出"};
  for (std::size_t k = 0; k < m.home.residents.size(); ++k) {
    const auto& r = m.home.residents[k];
    if (r.relation != "child" || people_.age(r.birth) < 19 || !people_.chance(35)) continue;
    Day on = std::max(r.moved_in + 1, people_.today() - 30 - people_.below(700));
    move_out(svc_, tx_, ctx_, m.household.id, m.person_ids[k], kWhy[static_cast<std::size_t>(people_.below(3))],
             format_day(on));
  }
}

std::vector<demo::Made> GridMaker::run(int households) {
  add_buildings(std::max(1, households / 12));
  std::vector<demo::Home> homes;
  for (int k = 0; k < households; ++k) homes.push_back(people_.home());
  // A few owners first: the landlords of the rented homes are among them; then the others
  // in the order drawn, rented homes among them.
  std::vector<demo::Home> ordered, later;
  for (auto& h : homes) (h.housing_type != "rented" && ordered.size() < 5 ? ordered : later).push_back(std::move(h));
  for (auto& h : later) ordered.push_back(std::move(h));
  homes = std::move(ordered);
  std::vector<demo::Made> made;
  for (int k = 0; k < households; ++k) {
    demo::Made m;
    m.home = std::move(homes[static_cast<std::size_t>(k)]);
    m.household = create_household(svc_, tx_, ctx_, at_address(m.home, k));
    ++counts_.households;
    register_residents(m);
    made.push_back(std::move(m));
  }
  return made;
}

const Context* visitor_for(const DemoActors& actors, const std::string& path) {
  for (const Context* c : actors.visitors) {
    if (c && c->authenticated() && c->user().can("registry:visit:write", path)) return c;
  }
  return nullptr;
}

}  // namespace

DemoCounts load_demo(Service& svc, const DemoActors& actors, const std::string& root, int per_grid,
                     std::uint64_t seed) {
  DemoCounts counts;
  if (per_grid <= 0 || !actors.registrar || !actors.registrar->authenticated()) return counts;
  auto town = svc.territory().find(root, false);
  if (!town) return counts;
  bool present = svc.db().read_value<bool>([&](storage::Tx& tx) {
    store::HouseholdFilter f;
    f.scope_paths = {town->path};
    f.limit = 1;
    return !store::households(tx, f).empty();
  });
  if (present) return counts;
  demo::People people(seed, parse_day(svc.today()));
  int grid_no = 0;
  for (const auto& grid : svc.territory().grids_under(root)) {
    ++grid_no;
    if (!actors.registrar->user().can("registry:household:write", grid.path)) continue;
    auto units = svc.territory().children(grid.code, "", 100, true);
    svc.db().bulk([&](storage::Tx& tx) {
      GridMaker maker(svc, tx, *actors.registrar, people, counts, grid, units, grid_no);
      auto made = maker.run(per_grid);
      if (const Context* who = visitor_for(actors, grid.path))
        counts.visits += demo::visit_households(svc, tx, *who, people, made);
    });
    ++counts.grids;
  }
  spdlog::info("demo registry loaded: {} grids, {} buildings, {} households, {} persons, {} tags, {} visits",
               counts.grids, counts.buildings, counts.households, counts.persons, counts.tags, counts.visits);
  return counts;
}

}  // namespace wangge::registry
