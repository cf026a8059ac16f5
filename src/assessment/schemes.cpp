// Schemes (考核方案): made as drafts for a post over a territory node, with indicators of the
// catalogue that measure the post; edited while draft; activated once their weights sum to
// 100 and the app provides every indicator; retired. An active scheme is never edited (its
// runs keep meaning what they meant): it is retired and copied into a new draft.
#include <algorithm>
#include <set>

#include "assessment/service.h"
#include "assessment/store.h"
#include "audit/audit.h"
#include "core/error.h"
#include "territory/service.h"

namespace wangge::assessment {
namespace {

[[noreturn]] void no_scheme(std::int64_t id) {
  throw_not_found("no assessment scheme " + std::to_string(id), "考核方案 " + std::to_string(id) + " 不存在");
}

// A number field (nullopt when absent or null).
std::optional<double> scheme_number(const json::object& o, std::string_view key, const std::string& field) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_number()) throw_validation(field, "a number", "应为数字");
  return v->to_number<double>();
}

json::array scheme_indicator_detail(const std::vector<Indicator>& indicators) {
  json::array a;
  for (const auto& i : indicators)
    a.push_back(json::object{{"key", i.key}, {"weight", i.weight}, {"target", i.target}, {"direction", i.direction}});
  return a;
}

}  // namespace

Service::Service(storage::Database& db, territory::Service& territory, const Calendar& calendar)
    : db_(db), territory_(territory), calendar_(calendar) {}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_scheme_routes(router);
  register_run_routes(router);
  register_result_routes(router);
}

std::vector<Indicator> Service::read_indicators(const json::value& v, const std::string& post) const {
  if (!v.is_array() || v.as_array().empty() || v.as_array().size() > 20)
    throw_validation("indicators", "one to 20 indicators", "应有 1 至 20 项指标");
  std::vector<Indicator> out;
  std::set<std::string> seen;
  std::size_t n = 0;
  for (const auto& item : v.as_array()) {
    const std::string field = "indicators[" + std::to_string(n++) + "]";
    if (!item.is_object()) throw_validation(field, "an object {key, weight, target, direction, cap}", "应为指标对象");
    const auto& o = item.as_object();
    json::allow_only(o, {"key", "weight", "target", "direction", "cap"});
    Indicator ind;
    ind.key = json::get_string(o, "key", 40);
    const IndicatorSpec* spec = find_indicator(ind.key);
    if (!spec) throw_validation(field + ".key", "an indicator of the catalogue", "应为指标库中的指标");
    if (!measures(*spec, post))
      throw_validation(field + ".key", "an indicator that measures this post", "该指标不适用于本考核对象");
    if (!seen.insert(ind.key).second) throw_validation(field + ".key", "each indicator once", "指标不能重复");
    auto weight = scheme_number(o, "weight", field + ".weight");
    if (!weight || *weight <= 0 || *weight > 100)
      throw_validation(field + ".weight", "more than 0, at most 100", "应大于 0 且不超过 100");
    ind.weight = round2(*weight);
    auto target = scheme_number(o, "target", field + ".target");
    if (!target || *target <= 0 || *target > 1e9)
      throw_validation(field + ".target", "the value worth the full weight: more than 0", "应为得满分的数值，大于 0");
    ind.target = *target;
    ind.direction = json::one_of(o, "direction", kDirections, std::string(spec->direction));
    auto cap = scheme_number(o, "cap", field + ".cap");
    if (cap && (*cap < 1 || *cap > 10))
      throw_validation(field + ".cap", "a multiple of the weight from 1 to 10", "应为权重的 1 至 10 倍");
    ind.cap = cap.value_or(1.0);
    out.push_back(std::move(ind));
  }
  return out;
}

Scheme Service::readable_scheme(storage::Tx& tx, const Context& ctx, std::int64_t id,
                                std::string_view permission) const {
  auto s = store::scheme(tx, id);
  if (!s) no_scheme(id);
  ctx.require(permission, s->region_path);
  return *s;
}

Scheme Service::create_scheme(storage::Tx& tx, const Context& ctx, Scheme s) {
  auto region = territory_.find(s.region_code, false);
  if (!region) throw_validation("region_code", "a node of the territory", "应为辖区内的区域");
  ctx.require("assessment:scheme:write", region->path);
  s.region_path = region->path;
  s.status = "draft";
  s.version = 1;
  s.created_by = ctx.user().user_id;
  s.created_at = s.updated_at = storage::now_ms();
  s.id = store::insert_scheme(tx, s);
  store::replace_indicators(tx, s.id, s.indicators);
  audit::append(tx, audit::entry(ctx, "assessment:scheme:create", "assessment_scheme:" + std::to_string(s.id),
                                 json::object{{"post", s.post},
                                              {"region", s.region_code},
                                              {"period_kind", s.period_kind},
                                              {"indicators", scheme_indicator_detail(s.indicators)}}));
  return s;
}

Scheme Service::copy_scheme(storage::Tx& tx, const Context& ctx, std::int64_t id,
                            const std::optional<std::string>& name) {
  Scheme from = readable_scheme(tx, ctx, id, "assessment:scheme:read");
  Scheme s = from;
  s.copied_from = from.id;
  if (name) s.name = *name;
  s.activated_at.reset();
  s.retired_at.reset();
  return create_scheme(tx, ctx, s);
}

Scheme Service::update_scheme(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  Scheme s = readable_scheme(tx, ctx, id, "assessment:scheme:write");
  if (s.status != "draft")
    throw Error("conflict", {}, "only a draft is edited: retire an active scheme and copy it",
                "只能修改草稿方案：已启用的方案请停用后复制再修改");
  std::int64_t version = json::get_int(body, "version");
  if (auto v = json::opt_string(body, "name", 100, 1)) s.name = *v;
  if (auto v = json::opt_string(body, "description", 2000)) s.description = *v;
  if (body.contains("period_kind")) s.period_kind = json::one_of(body, "period_kind", kPeriodKinds);
  bool indicators = body.contains("indicators");
  if (indicators) s.indicators = read_indicators(body.at("indicators"), s.post);
  if (version != s.version) throw Error("stale_version", "version", "the scheme changed meanwhile", "方案已被他人修改");
  s.version = version + 1;
  s.updated_at = storage::now_ms();
  if (!store::update_scheme(tx, s, version))
    throw Error("stale_version", "version", "the scheme changed meanwhile", "方案已被他人修改");
  if (indicators) store::replace_indicators(tx, s.id, s.indicators);
  audit::append(tx, audit::entry(ctx, "assessment:scheme:update", "assessment_scheme:" + std::to_string(id),
                                 json::object{{"indicators", scheme_indicator_detail(s.indicators)}}));
  return s;
}

Scheme Service::activate(storage::Tx& tx, const Context& ctx, std::int64_t id) {
  Scheme s = readable_scheme(tx, ctx, id, "assessment:scheme:write");
  if (s.status != "draft") throw Error("conflict", {}, "only a draft is activated", "只能启用草稿方案");
  if (!weights_complete(s.indicators)) {
    std::string total = json::to_text(json::value(weight_total(s.indicators)));
    throw_validation("indicators", "the weights must sum to 100 (now " + total + ")",
                     "各项指标权重之和应为 100（现为 " + total + "）");
  }
  for (std::size_t i = 0; i < s.indicators.size(); ++i)
    if (!provides(s.indicators[i].key))
      throw_validation("indicators[" + std::to_string(i) + "].key", "an indicator this installation computes",
                       "本系统尚未接入该指标的数据");
  std::int64_t expected = s.version;
  s.status = "active";
  s.version += 1;
  s.updated_at = storage::now_ms();
  s.activated_at = s.updated_at;
  if (!store::update_scheme(tx, s, expected))
    throw Error("stale_version", "version", "the scheme changed meanwhile", "方案已被他人修改");
  audit::append(tx, audit::entry(ctx, "assessment:scheme:activate", "assessment_scheme:" + std::to_string(id)));
  return s;
}

Scheme Service::retire(storage::Tx& tx, const Context& ctx, std::int64_t id) {
  Scheme s = readable_scheme(tx, ctx, id, "assessment:scheme:write");
  if (s.status != "active") throw Error("conflict", {}, "only an active scheme is retired", "只能停用已启用的方案");
  std::int64_t expected = s.version;
  s.status = "retired";
  s.version += 1;
  s.updated_at = storage::now_ms();
  s.retired_at = s.updated_at;
  if (!store::update_scheme(tx, s, expected))
    throw Error("stale_version", "version", "the scheme changed meanwhile", "方案已被他人修改");
  audit::append(tx, audit::entry(ctx, "assessment:scheme:retire", "assessment_scheme:" + std::to_string(id)));
  return s;
}

}  // namespace wangge::assessment
