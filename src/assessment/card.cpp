// A worker's own card (考评卡, seed 001 "先锋指数考评卡"): their results in the frozen runs of
// active schemes, the latest frozen version of each scheme and period, with each
// indicator's name, raw value and points, their rank among how many, and the commendations
// they received. Drafts are not shown: a card shows what was reviewed.
#include "assessment/service.h"
#include "assessment/store.h"

namespace wangge::assessment {

json::object Service::card_json(storage::Tx& tx, const Context& ctx, const std::optional<std::string>& period) const {
  const std::string me = std::to_string(ctx.user().user_id);
  auto rows = store::card(tx, "account", me, period, 48);
  std::vector<std::int64_t> run_ids;
  for (const auto& row : rows) run_ids.push_back(row.run.id);
  std::map<std::int64_t, json::array> commended;
  for (const auto& c : store::commendations_of(tx, me, run_ids))
    commended[c.run_id].push_back(
        json::object{{"title", c.title}, {"reason", c.reason}, {"created_at", json::rfc3339(c.created_at)}});
  json::array items;
  for (const auto& row : rows) {
    const Run& r = row.run;
    const Result& res = row.result;
    json::array indicators;
    for (const auto& i : r.indicators) {
      const IndicatorSpec* spec = find_indicator(i.key);
      auto v = res.values.find(i.key);
      auto p = res.points.find(i.key);
      indicators.push_back(
          json::object{{"key", i.key},
                       {"name_zh", spec ? std::string(spec->name_zh) : i.key},
                       {"name_en", spec ? std::string(spec->name_en) : i.key},
                       {"unit_zh", spec ? std::string(spec->unit_zh) : std::string()},
                       {"unit_en", spec ? std::string(spec->unit_en) : std::string()},
                       {"weight", i.weight},
                       {"target", i.target},
                       {"value", v != res.values.end() && v->second ? json::value(*v->second) : json::value(nullptr)},
                       {"points", p != res.points.end() ? p->second : 0.0}});
    }
    auto c = commended.find(r.id);
    items.push_back(
        json::object{{"scheme_id", r.scheme_id},
                     {"scheme_name", r.scheme_name},
                     {"post", r.post},
                     {"region_code", r.region_code},
                     {"run_id", r.id},
                     {"period", r.period},
                     {"version", r.version},
                     {"frozen_at", r.frozen_at ? json::value(json::rfc3339(*r.frozen_at)) : json::value(nullptr)},
                     {"rank", res.rank},
                     {"subjects", r.subjects},
                     {"computed", res.computed},
                     {"manual", res.manual},
                     {"total", res.total},
                     {"indicators", indicators},
                     {"commendations", c == commended.end() ? json::array{} : c->second}});
  }
  return json::object{{"period", period ? json::value(*period) : json::value(nullptr)}, {"items", items}};
}

}  // namespace wangge::assessment
