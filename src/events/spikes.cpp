// Spike warnings: the scan, the list and the acknowledgement (events/spikes.h); the routes
// are in http_spikes.cpp, the SQL in store_spikes.cpp, the detector in spikes_model.cpp.
#include "events/spikes.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "audit/audit.h"
#include "core/error.h"
#include "events/service.h"
#include "territory/service.h"

namespace wangge::events {
namespace {

// The days a scan reads: the history of yesterday (its eight weeks), yesterday and today.
constexpr int kSpikeScanDays = 58;

// "1.2": the expected count as a message shows it.
std::string spike_amount(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

// The community a grid belongs to: its parent's path.
std::string spike_community_path(const std::string& grid_path) {
  if (grid_path.size() < 2) return grid_path;
  auto cut = grid_path.rfind('/', grid_path.size() - 2);
  return cut == std::string::npos ? grid_path : grid_path.substr(0, cut + 1);
}

// A spike found, with the message that tells of it.
struct SpikeFound {
  store::Spike spike;
  std::string title_zh, title_en;
};

}  // namespace

int spike_day_class(const Calendar& cal, Day d) {
  auto info = cal.info(d);
  if (info.kind == "holiday" || info.kind == "local_day_off") return 0;
  if (info.kind == "makeup_workday") return 3;
  return weekday(d);
}

Spikes::Spikes(Service& svc, spikes::Params params) : svc_(svc), params_(params) {}

std::size_t Spikes::scan(storage::Database& db, const Calendar& cal, std::int64_t now) {
  const Day today = cal.day_of(now);
  const Day first = today - (kSpikeScanDays - 1);
  std::vector<store::DayCount> rows;
  db.read([&](storage::Tx& tx) {
    rows = store::day_counts(tx, cal.utc_offset_minutes(), cal.midnight(first), cal.midnight(today + 1));
  });
  if (rows.empty()) return 0;
  std::vector<int> classes;
  for (Day d = first; d <= today; ++d) classes.push_back(spike_day_class(cal, d));
  // One dense series of the 58 days per (grid, category).
  struct Series {
    std::string path;
    std::vector<std::int64_t> counts = std::vector<std::int64_t>(kSpikeScanDays, 0);
  };
  std::map<std::pair<std::string, std::string>, Series> series;
  for (const auto& r : rows) {
    if (r.day < first || r.day > today) continue;
    auto& s = series[{r.grid_code, r.category}];
    s.path = r.grid_path;
    s.counts[static_cast<std::size_t>(r.day - first)] = r.count;
  }
  // Yesterday is the series' day 56 (its history days 0-55), today day 57 (history 1-56).
  std::vector<store::Spike> found;
  const std::span<const int> days_of(classes);
  for (const auto& [key, s] : series) {
    for (std::size_t last : {std::size_t{kSpikeScanDays - 2}, std::size_t{kSpikeScanDays - 1}}) {
      if (s.counts[last] < params_.min_count) continue;  // no alarm below the floor: skip the work
      std::size_t from = last - static_cast<std::size_t>(kSpikeScanDays - 2);
      auto v = spikes::examine(std::span<const std::int64_t>(s.counts).subspan(from, last - from + 1),
                               days_of.subspan(from, last - from + 1), params_);
      if (!v.alarm) continue;
      store::Spike sp;
      sp.grid_code = key.first;
      sp.region_path = s.path;
      sp.category = key.second;
      sp.day = first + static_cast<Day>(last);
      sp.count = v.count;
      sp.expected = v.expected;
      sp.p_value = v.p_value;
      sp.severity = v.severity;
      sp.created_at = now;
      found.push_back(std::move(sp));
    }
  }
  if (found.empty()) return 0;
  // The messages' names, read before the write.
  territory::NameCache grid_names(svc_.territory());
  std::vector<std::string> codes;
  for (const auto& f : found) codes.push_back(f.grid_code);
  grid_names.prime(codes);
  std::map<std::string, std::pair<std::string, std::string>> category_names;
  for (const auto& c : *svc_.category_list()) {
    if (!c.parent_code) category_names[c.code] = {c.name_zh, c.name_en};
  }
  std::vector<SpikeFound> told;
  for (auto& f : found) {
    const std::string& grid = grid_names(f.grid_code).empty() ? f.grid_code : grid_names(f.grid_code);
    auto names = category_names.count(f.category) ? category_names[f.category]
                                                  : std::pair<std::string, std::string>{f.category, f.category};
    std::string when_zh = f.day == today ? "今日" : f.day == today - 1 ? "昨日" : format_day(f.day);
    std::string when_en = f.day == today ? "today" : f.day == today - 1 ? "yesterday" : "on " + format_day(f.day);
    std::string n = std::to_string(f.count), usual = spike_amount(f.expected);
    // "网格 X" unless the grid's name says it already (立新社区第一网格).
    std::string place_zh = grid.find("网格") == std::string::npos ? "网格 " + grid : grid;
    std::string zh = place_zh + " 的「" + names.first + "」事件" + when_zh + " " + n + " 件，常态约 " + usual + " 件";
    std::string en =
        "Grid " + grid + ": " + n + " \"" + names.second + "\" events " + when_en + ", usually about " + usual;
    told.push_back({std::move(f), std::move(zh), std::move(en)});
  }
  // Recorded and told in one write: the insert that creates the row is the one that tells,
  // so a spike is told once however many scans or nodes find it.
  std::size_t created = 0;
  db.write([&](storage::Tx& tx) {
    created = 0;  // the closure may run twice
    for (const auto& t : told) {
      auto id = store::insert_spike(tx, t.spike);
      if (!id) continue;
      ++created;
      svc_.notify_roles(tx, {"leader", "secretary"}, spike_community_path(t.spike.region_path), "event.spike",
                        "spike:" + std::to_string(*id), t.title_zh, t.title_en);
    }
  });
  return created;
}

std::vector<store::Spike> Spikes::list(const Context& ctx, store::SpikeFilter f) const {
  f.scope_paths = ctx.user().scope("events:stats:read");  // whatever the caller narrowed it to
  return svc_.db().read_value<std::vector<store::Spike>>([&](storage::Tx& tx) { return store::spikes(tx, f); });
}

store::Spike Spikes::acknowledge(const Context& ctx, std::int64_t id, const std::string& note) {
  auto found = svc_.db().read_value<std::optional<store::Spike>>([&](storage::Tx& tx) { return store::spike(tx, id); });
  if (!found) throw_not_found("spike warning", "预警");
  ctx.require("events:stats:read", found->region_path);
  store::Spike out;
  svc_.db().write([&](storage::Tx& tx) {
    if (!store::acknowledge_spike(tx, id, ctx.user().user_id, storage::now_ms(), note))
      throw Error("conflict", "status", "the spike warning was acknowledged already", "该预警已被确认");
    audit::append(
        tx, audit::entry(ctx, "events:spike:acknowledge", "spike:" + std::to_string(id),
                         {{"grid", found->grid_code}, {"category", found->category}, {"day", format_day(found->day)}}));
    out = *store::spike(tx, id);
  });
  return out;
}

json::array Spikes::open_json(const std::string& path, int limit) const {
  store::SpikeFilter f;
  f.scope_paths = {"/"};
  f.path = path;
  f.status = "open";
  f.limit = limit;
  auto rows = svc_.db().read_value<std::vector<store::Spike>>([&](storage::Tx& tx) { return store::spikes(tx, f); });
  territory::NameCache grid_names(svc_.territory());
  std::vector<std::string> codes;
  for (const auto& s : rows) codes.push_back(s.grid_code);
  grid_names.prime(std::move(codes));
  json::array out;
  for (const auto& s : rows) out.push_back(to_json(s, grid_names(s.grid_code)));
  return out;
}

json::object Spikes::to_json(const store::Spike& s, const std::string& grid_name) const {
  json::object category{{"code", s.category}};
  for (const auto& c : *svc_.category_list()) {
    if (c.code == s.category) {
      category["name_zh"] = c.name_zh;
      category["name_en"] = c.name_en;
      break;
    }
  }
  double floor_mu = std::max(s.expected, params_.min_expected);
  return json::object{
      {"id", s.id},
      {"grid_code", s.grid_code},
      {"grid_name", grid_name},
      {"category", std::move(category)},
      {"day", format_day(s.day)},
      {"count", s.count},
      {"expected", s.expected},
      {"ratio", floor_mu > 0 ? static_cast<double>(s.count) / floor_mu : 0.0},
      {"p_value", s.p_value},
      {"severity", s.severity},
      {"status", s.status},
      {"acknowledged_by", s.acknowledged_by ? json::value(*s.acknowledged_by) : json::value(nullptr)},
      {"acknowledged_at", s.acknowledged_at ? json::value(json::rfc3339(*s.acknowledged_at)) : json::value(nullptr)},
      {"note", s.note},
      {"created_at", json::rfc3339(s.created_at)},
      {"updated_at", json::rfc3339(s.updated_at)}};
}

}  // namespace wangge::events
