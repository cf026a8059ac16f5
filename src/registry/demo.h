// The demo registry (`wangge serve --demo`, App::load_demo): buildings, households at
// addresses and their residents in every grid under a town, with valid ID numbers (GB
// 11643), phones, relations and a plausible mix of tags, entered through the registry's
// own use cases (checked, sealed and audited like real data); and household visits over
// the past months by the demo accounts that may visit. Deterministic for a seed; loaded
// once (nothing is added when the town has households already).
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar.h"
#include "core/context.h"
#include "core/storage/database.h"
#include "registry/model.h"

namespace wangge::registry {

class Service;

struct DemoActors {
  const Context* registrar = nullptr;    // enters buildings, households, persons and tags
  std::vector<const Context*> visitors;  // each grid is visited by the first who may
};
struct DemoCounts {
  std::int64_t grids = 0, buildings = 0, households = 0, persons = 0, tags = 0, visits = 0;
};
// `per_grid` households in each grid under `root` (one transaction a grid); nothing when
// households exist under `root` already, or per_grid <= 0.
DemoCounts load_demo(Service& svc, const DemoActors& actors, const std::string& root, int per_grid,
                     std::uint64_t seed = 20261202);

namespace demo {

// One resident as drawn, before registration.
struct Resident {
  std::string name, gender, relation, residence_type;
  Day birth = 0;
  std::string id_number, phone;               // phone empty: none
  std::optional<Day> permit_from, permit_to;  // floating residents
  Day moved_in = 0;
  std::vector<std::pair<std::string, std::string>> tags;  // code, since (YYYY-MM-DD)
};
// A household as drawn: how it lives and who lives there (the head first).
struct Home {
  std::string kind;  // alone_elderly elderly_couple family three_generations left_behind young_couple single
  std::string housing_type;
  std::vector<Resident> residents;
  bool low_income = false;
};

// Draws households and residents from one random sequence (demo_people.cpp).
class People {
 public:
  People(std::uint64_t seed, Day today);
  Home home();
  std::mt19937_64& rng() { return rng_; }
  int below(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }
  Day today() const { return today_; }
  int age(Day birth) const;

 private:
  Resident person(const std::string& gender, int age, const std::string& surname, const std::string& relation);
  std::string surname();
  std::string given(const std::string& gender, int age);
  std::string id_number(const std::string& region, Day birth, const std::string& gender);
  std::string mobile();
  void add_tags(Home& h);

  std::mt19937_64 rng_;
  Day today_;
  std::set<std::string> ids_, phones_;
};

// A household as entered: its row, how it was drawn, its residents' ids (in order).
struct Made {
  Household household;
  Home home;
  std::vector<std::int64_t> person_ids;
};
// Visits to these households over the past six months by `visitor`, inside `tx`: care and
// key households about monthly, others now and then, a few never; some planned visits
// today or overdue (demo_visits.cpp). Answers how many were recorded or planned.
std::int64_t visit_households(Service& svc, storage::Tx& tx, const Context& visitor, People& people,
                              const std::vector<Made>& made);

}  // namespace demo
}  // namespace wangge::registry
