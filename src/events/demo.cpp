// Event history: past events with a realistic mix of categories, sources and outcomes (the
// first seed reports 97 % closed), each with its timeline, so that queues, search and
// statistics have something true to show. The demo loads about 24,000 over 2020-2022
// across 平沙镇's grids, once; `wangge generate-events` makes any number under any root
// (the benchmarks' 10 million). Deterministic for a seed; bulk transactions of a chunk.
#include <algorithm>
#include <array>
#include <map>
#include <random>

#include "core/geo/geo.h"
#include "events/demo_text.h"
#include "events/step_helpers.h"
#include "territory/service.h"

namespace wangge::events {
namespace {

template <typename T>
const T& pick(std::mt19937_64& rng, const std::vector<std::pair<T, int>>& weighted) {
  int total = 0;
  for (const auto& [v, w] : weighted) total += w;
  int x = static_cast<int>(rng() % static_cast<std::uint64_t>(total));
  for (const auto& [v, w] : weighted) {
    if (x < w) return v;
    x -= w;
  }
  return weighted.back().first;
}

// Where events happen: every community under the root. A community with grids gets random
// points in its box, kept when they fall in a grid; one without (divisions imported without
// polygons) gets events by address, at community level.
struct Place {
  territory::Region community;
  std::optional<std::array<double, 4>> box;
};

std::vector<Place> places_under(territory::Service& territory, const std::string& root) {
  std::vector<Place> places;
  std::vector<std::string> pending{root};
  while (!pending.empty()) {
    std::string code = std::move(pending.back());
    pending.pop_back();
    if (code.size() >= 12) {
      auto c = territory.find(code, true);
      if (!c) continue;
      Place p{*c, std::nullopt};
      if (c->geometry) {
        std::string err, err_zh;
        if (auto shape = geo::Shape::from_geojson(*c->geometry, &err, &err_zh)) {
          auto b = shape->bbox();
          if (!territory.children(code, "", 1, false).empty())
            p.box = std::array<double, 4>{b.min_lng, b.min_lat, b.max_lng, b.max_lat};
        }
      }
      places.push_back(std::move(p));
      continue;
    }
    for (std::string after;;) {
      auto kids = territory.children(code, after, 1000, false);
      for (const auto& k : kids) pending.push_back(k.code);
      if (kids.size() < 1000) break;
      after = kids.back().code;
    }
  }
  std::sort(places.begin(), places.end(),
            [](const Place& a, const Place& b) { return a.community.code < b.community.code; });
  return places;
}

// The steps an event went through: (action, the state it led to).
using Steps = std::vector<std::pair<std::string, std::string>>;

// Makes the events of one run, drawing from one random sequence (deterministic for a seed).
class HistoryMaker {
 public:
  HistoryMaker(Service& svc, const Service::HistoryOptions& o, std::vector<Place> places, std::vector<Department> deps,
               std::int64_t serial)
      : svc_(svc),
        cal_(svc.calendar()),
        o_(o),
        places_(std::move(places)),
        deps_(std::move(deps)),
        serial_(serial),
        rng_(o.seed) {
    for (const auto& c : svc.categories()) {
      if (c.parent_code) cats_.push_back(c);
    }
    // Environment and street order dominate a town's caseload; disputes and services follow.
    for (std::size_t i = 0; i < cats_.size(); ++i) {
      std::string top = cats_[i].code.substr(0, 2);
      int w = top == "03"   ? 30
              : top == "04" ? 22
              : top == "05" ? 14
              : top == "01" ? 10
              : top == "07" ? 8
              : top == "02" ? 6
                            : 4;
      cat_weights_.emplace_back(i, w);
    }
    days_ = std::max<std::int64_t>(1, (o.to_ms - o.from_ms) / 86400000);
  }

  // Event number i of the run, with its timeline; false when its random point fell in no grid.
  bool make(storage::Tx& tx, std::int64_t i);

 private:
  double uniform(double lo, double hi) { return lo + (hi - lo) * static_cast<double>(rng_() % 1000000) / 1e6; }
  // Moves the clock t on by a random number of working minutes in [min, max].
  std::int64_t later(std::int64_t& t, std::int64_t min_minutes, std::int64_t max_minutes) {
    t = cal_.add_working_minutes(
        t, min_minutes + static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(max_minutes - min_minutes + 1)));
    return t;
  }
  // A place and, in a community with grids, a point in a grid; nullptr when none was hit.
  const territory::Region* locate(double& lng, double& lat, std::optional<std::string>& grid);
  Event draft(const Category& c, const std::string& source, std::int64_t i, const territory::Region& region,
              const std::optional<std::string>& grid, double lng, double lat);
  // Dispatched, handled, perhaps reworked, closed; or still handling and overdue.
  void handle(Event& e, const Category& c, int climb, std::int64_t& t, Steps& steps);
  void write_timeline(storage::Tx& tx, const Event& e, const Steps& steps);

  Service& svc_;
  const Calendar& cal_;
  const Service::HistoryOptions& o_;
  std::vector<Place> places_;
  std::vector<Department> deps_;
  std::int64_t serial_;
  std::mt19937_64 rng_;
  std::map<std::string, territory::Region> grids_;  // located grids, cached
  std::vector<Category> cats_;
  std::vector<std::pair<std::size_t, int>> cat_weights_;
  std::int64_t days_ = 1;
  std::int64_t previous_ = 0;
};

const territory::Region* HistoryMaker::locate(double& lng, double& lat, std::optional<std::string>& grid) {
  const Place& place = places_[rng_() % places_.size()];
  if (!place.box) return &place.community;
  const auto& box = *place.box;
  for (int tries = 0; tries < 20 && !grid; ++tries) {
    lng = uniform(box[0], box[2]);
    lat = uniform(box[1], box[3]);
    grid = svc_.territory().locate(lng, lat);
  }
  if (!grid) return nullptr;
  auto it = grids_.find(*grid);
  if (it == grids_.end()) {
    auto g = svc_.territory().find(*grid, false);
    if (!g) return nullptr;
    it = grids_.emplace(*grid, *g).first;
  }
  return &it->second;
}

Event HistoryMaker::draft(const Category& c, const std::string& source, std::int64_t i, const territory::Region& region,
                          const std::optional<std::string>& grid, double lng, double lat) {
  static const char* kSurnames[] = {"陈", "黄", "李", "梁", "吴", "张", "林", "何", "罗", "郑", "谢", "冯"};
  static const char* kWhere[] = {"路口", "小区门口", "菜市场旁", "学校附近", "公交站", "楼下", "河涌边", "停车场"};
  // Creation days spread evenly over [from, to), in time order (ids grow with time, as
  // live); reported mostly in working hours.
  std::int64_t day = o_.from_ms + (i * days_ / o_.count) * 86400000;
  std::int64_t created = day + (std::int64_t{8} * 3600 + static_cast<std::int64_t>(rng_() % (10 * 3600ULL))) * 1000;
  Event e;
  e.tracking_code = o_.tracking_prefix + std::to_string(100000000 + serial_ + i);
  e.source = source;
  e.category_code = c.code;
  e.priority = c.priority;
  e.level = source == "complaint" ? "street" : "community";
  e.grid_code = grid;
  e.region_path = region.path;
  if (grid) {
    e.lat = lat;
    e.lng = lng;
  }
  e.address = std::string(region.name) + kWhere[rng_() % 8];
  e.description = describe_report(c.code, e.address, rng_, DescribePool::train);
  e.reporter_name = std::string(kSurnames[rng_() % 12]) + (rng_() % 2 ? "先生" : "女士");
  std::string phone = "13" + std::to_string(100000000 + rng_() % 900000000);
  e.contact_sealed = svc_.crypto().seal(phone);
  e.contact_masked = mask_phone(phone);
  e.created_at = created;
  e.stage_started_at = created;
  e.version = 1;
  return e;
}

void HistoryMaker::handle(Event& e, const Category& c, int climb, std::int64_t& t, Steps& steps) {
  e.accepted_at = later(t, 5, 90);
  steps.push_back({"accept", "accepted"});
  for (int k = 0; k < climb; ++k) steps.push_back({"escalate", "accepted"});
  Department* dep = nullptr;
  for (auto& d : deps_) {
    if (d.kind == c.department_kind && path_within(e.region_path, d.region_path)) dep = &d;
  }
  if (!dep && !deps_.empty()) dep = deps_.data();
  if (dep) e.department_id = dep->id;
  e.dispatched_at = later(t, 5, 60);
  e.handle_due_at = cal_.add_working_minutes(t, std::int64_t{c.handle_days(e.priority)} * cal_.minutes_per_day());
  steps.push_back({"dispatch", "dispatched"});
  later(t, 5, 120);
  steps.push_back({"sign", "handling"});
  // Most finish well inside the deadline; about 8 % run over.
  std::int64_t allowed = std::int64_t{c.handle_days(e.priority)} * cal_.minutes_per_day();
  bool late = rng_() % 100 < 8;
  if (rng_() % 1000 < 12) {
    // Still unresolved (an illegal building, a land dispute): overdue and red.
    e.status = "handling";
    e.stage_started_at = t;
    e.due_at = e.handle_due_at;
    e.warn_at = e.handle_due_at;
    e.sla = "red";
    e.ever_overdue = true;
    return;
  }
  e.handled_at = later(t, 30, late ? allowed * 2 : allowed * 9 / 10);
  steps.push_back({"report-result", "handled"});
  if (rng_() % 100 < 3) {
    e.rework_count = 1;
    steps.push_back({"rework", "handling"});
    e.handled_at = later(t, 60, 600);
    steps.push_back({"report-result", "handled"});
  }
  e.closed_at = later(t, 30, 420);
  steps.push_back({"pass", "closed"});
  e.status = "closed";
  e.solved_level = e.level;
  e.on_time = *e.handled_at <= *e.handle_due_at;
  e.ever_overdue = !*e.on_time;
}

void HistoryMaker::write_timeline(storage::Tx& tx, const Event& e, const Steps& steps) {
  std::string from;
  std::int64_t at = e.created_at;
  for (const auto& [action, to] : steps) {
    TimelineEntry te;
    te.event_id = e.id;
    at = std::min(at + 60000, e.updated_at);
    te.at = action == "report" ? e.created_at : at;
    te.actor = action == "report" ? e.reporter_name : "demo";
    te.action = action;
    if (!from.empty()) te.from_status = from;
    te.to_status = to;
    from = to;
    store::append(tx, te);
  }
}

bool HistoryMaker::make(storage::Tx& tx, std::int64_t i) {
  static const std::vector<std::pair<std::string, int>> kSources = {
      {"resident", 34}, {"patrol", 31}, {"hotline", 15}, {"window", 8}, {"visit", 7}, {"complaint", 3}, {"open311", 2}};
  double lng = 0, lat = 0;
  std::optional<std::string> grid;
  const territory::Region* region = locate(lng, lat, grid);
  if (!region) return false;
  const Category& c = cats_[pick(rng_, cat_weights_)];
  std::string source = pick(rng_, kSources);
  Event e = draft(c, source, i, *region, grid, lng, lat);
  const std::int64_t created = e.created_at;
  int outcome = static_cast<int>(rng_() % 1000);
  bool self = c.self_handle && source == "patrol" && rng_() % 100 < 70;
  // Escalations: a few community cases go to the street, fewer to the county.
  int climb = rng_() % 100 < 12 ? (rng_() % 100 < 20 ? 2 : 1) : 0;
  if (e.level == "street") climb = std::min(climb, 1);
  std::string level = e.level;
  for (int k = 0; k < climb; ++k) level = level == "community" ? "street" : "county";
  auto [hcode, hpath] = svc_.handling_node(e.region_path, level);
  e.level = level;
  e.handling_code = hcode;
  e.handling_path = hpath;
  e.escalation_count = climb;
  std::int64_t t = created;
  Steps steps = {{"report", "reported"}};
  if (self) {
    e.status = "closed";
    e.accepted_at = e.dispatched_at = e.handled_at = e.closed_at = created + std::int64_t{20} * 60000;
    e.solved_level = "grid";
    e.on_time = true;
    steps.push_back({"self-handle", "closed"});
  } else if (outcome < 8) {
    // Few reports leave without a closing (the seed's 24,473 reported, 23,798 closed):
    // rejected 0.8 %, withdrawn 0.4 %, merged into the one before 0.8 %.
    e.status = "rejected";
    later(t, 10, 120);
    steps.push_back({"reject", "rejected"});
  } else if (outcome < 12) {
    e.status = "withdrawn";
    later(t, 10, 60);
    steps.push_back({"withdraw", "withdrawn"});
  } else if (outcome < 20 && previous_ > 0) {
    e.status = "merged";  // a duplicate of the one before
    e.merged_into = previous_;
    later(t, 10, 90);
    steps.push_back({"merge", "merged"});
  } else {
    handle(e, c, climb, t, steps);
  }
  if (e.status == "closed" && rng_() % 100 < 72) {
    int r = static_cast<int>(rng_() % 100);
    e.rating = r < 88 ? "satisfied" : r < 97 ? "basically_satisfied" : "unsatisfied";
    e.rated_at = t + 3600000;
    steps.push_back({"rate", "closed"});
  }
  if (e.status != "handling") e.sla = "none";
  e.updated_at = std::max(t, e.closed_at.value_or(t));
  e.version = static_cast<std::int64_t>(steps.size());
  previous_ = e.id = store::insert(tx, cal_, e);
  if (o_.timeline) write_timeline(tx, e, steps);
  return true;
}

}  // namespace

std::int64_t Service::load_demo_history(int count) {
  std::int64_t existing = db_.read_value<std::int64_t>([](storage::Tx& tx) {
    return tx.exec("SELECT COUNT(*) FROM events WHERE created_at < ?", {std::int64_t{1672531200000}}).one().i64(0);
  });
  if (existing > 0) return 0;
  HistoryOptions o;
  o.root = "440404104";
  o.count = count;
  o.from_ms = 1577808000000;  // 2020-01-01T00:00+08:00
  o.to_ms = 1672502400000;    // 2023-01-01T00:00+08:00
  o.seed = 20200101;
  o.tracking_prefix = "D";
  return generate_history(o);
}

std::int64_t Service::generate_history(const HistoryOptions& o) {
  std::vector<Place> places = places_under(territory_, o.root);
  if (places.empty() || o.count <= 0 || o.to_ms <= o.from_ms) return 0;
  std::vector<Department> deps =
      db_.read_value<std::vector<Department>>([](storage::Tx& tx) { return store::departments(tx, {"/"}); });
  std::int64_t serial = db_.read_value<std::int64_t>(
      [](storage::Tx& tx) { return tx.exec("SELECT COALESCE(MAX(id), 0) FROM events").one().i64(0); });
  HistoryMaker maker(*this, o, std::move(places), std::move(deps), serial);
  std::int64_t made = 0;
  for (std::int64_t i0 = 0; i0 < o.count; i0 += o.chunk)
    db_.bulk([&](storage::Tx& tx) {
      for (std::int64_t i = i0; i < std::min(o.count, i0 + o.chunk); ++i) made += maker.make(tx, i) ? 1 : 0;
    });
  return made;
}

}  // namespace wangge::events
