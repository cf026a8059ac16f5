// suggest-heldout and suggest-eval (suggest_cli.h). The evaluation opens the deployment as
// generate-care does, trains exactly as the server's Suggestions do, and names, for each
// held-out report, the department kind the demo history would have sent it to (events/demo.cpp:
// the department of the category's kind serving the place, else the first department).
#include "app/suggest_cli.h"

#include <chrono>
#include <map>
#include <ostream>
#include <stdexcept>

#include "app/app.h"
#include "events/service.h"
#include "events/suggest.h"
#include "events/suggest_eval.h"
#include "territory/service.h"

namespace wangge {

int run_suggest_heldout(const std::string& out_path, std::ostream& out, std::size_t count, std::uint64_t seed) {
  try {
    events::write_heldout(out_path, count, seed);
  } catch (const std::runtime_error& e) {
    out << e.what() << "\n";
    return 1;
  }
  out << "wrote " << count << " held-out reports (seed " << seed << ") to " << out_path << "\n";
  return 0;
}

int run_suggest_eval(Config cfg, const std::string& set_path, std::ostream& out) {
  auto rows = events::read_heldout(set_path);  // a wrong path fails before the deployment opens
  if (rows.empty()) {
    out << "no rows in " << set_path << "\n";
    return 1;
  }
  cfg.access_log = false;
  App app(cfg);
  events::Service& svc = app.events();
  events::Suggestions suggestions(svc);
  auto t0 = std::chrono::steady_clock::now();
  std::size_t examples = suggestions.retrain(app.db());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto model = suggestions.model();
  out << "learnt from " << examples << " closed events of " << app.db().describe() << " in " << seconds
      << " s (vocabulary " << model->vocabulary() << ")\n";
  if (examples == 0) return 1;

  auto departments = app.db().read_value<std::vector<events::Department>>(
      [](storage::Tx& tx) { return events::store::departments(tx, {"/"}); });
  std::map<std::int64_t, std::string> kind_of;
  for (const auto& d : departments) kind_of[d.id] = d.kind;
  std::map<std::string, std::string> paths;  // community code -> path ("" when unknown)
  auto routed_kind = [&](const events::HeldoutRow& row) -> std::string {
    auto [it, fresh] = paths.try_emplace(row.community_code);
    if (fresh) {
      if (auto region = app.territory().find(row.community_code, false)) it->second = region->path;
    }
    if (it->second.empty() || departments.empty()) return "";
    auto category = svc.category(row.category_code);
    const std::string& kind = category ? category->department_kind : row.department_kind;
    const events::Department* chosen = nullptr;
    for (const auto& d : departments) {
      if (d.kind == kind && path_within(it->second, d.region_path)) chosen = &d;
    }
    return chosen ? chosen->kind : departments.front().kind;
  };
  auto ev = events::evaluate(
      *model, rows, [&](std::int64_t id) { return kind_of.count(id) ? kind_of[id] : std::string(); }, routed_kind);
  out << ev.report([&](const std::string& code) {
    auto c = svc.category(code);
    return c ? c->name_zh : code;
  });
  auto share = [](std::size_t part, std::size_t whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
  };
  out << "\ngoals: department among 3 >= 90 %: "
      << (share(ev.department_top3, ev.department_rows) >= 0.9 ? "met" : "NOT met")
      << "; category right first >= 80 %: " << (share(ev.top1, ev.rows) >= 0.8 ? "met" : "NOT met")
      << "; a suggestion <= 5 ms (mean): " << (ev.mean_ms <= 5 ? "met" : "NOT met") << "\n";
  return 0;
}

}  // namespace wangge
