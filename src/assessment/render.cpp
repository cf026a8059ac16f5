// How the assessment module answers, and the JSON Schemas of its answers (published in
// /api/openapi.json, checked against every answer in the tests). Indicators are named from
// the catalogue in both languages; raw values are numbers, or null where a rate had nothing
// to count.
#include "assessment/service.h"

namespace wangge::assessment {
namespace {

json::value render_time(const std::optional<std::int64_t>& v) {
  return v ? json::value(json::rfc3339(*v)) : json::value(nullptr);
}

json::value render_id(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

// An indicator of a scheme or run, with the catalogue's names and unit.
json::object render_indicator(const Indicator& i) {
  const IndicatorSpec* spec = find_indicator(i.key);
  return json::object{{"key", i.key},
                      {"name_zh", spec ? std::string(spec->name_zh) : i.key},
                      {"name_en", spec ? std::string(spec->name_en) : i.key},
                      {"unit_zh", spec ? std::string(spec->unit_zh) : std::string()},
                      {"unit_en", spec ? std::string(spec->unit_en) : std::string()},
                      {"weight", i.weight},
                      {"target", i.target},
                      {"direction", i.direction},
                      {"cap", i.cap}};
}

std::string name_in(const std::map<std::string, std::string>& names, const std::string& key) {
  auto it = names.find(key);
  return it == names.end() ? std::string() : it->second;
}

std::string account_name(const std::map<std::int64_t, std::string>& names, const std::optional<std::int64_t>& id) {
  if (!id) return {};
  auto it = names.find(*id);
  return it == names.end() ? std::string() : it->second;
}

}  // namespace

schema::value indicator_schema() {
  using namespace schema;
  return object({req("key", str()), req("name_zh", str()), req("name_en", str()), req("unit_zh", str()),
                 req("unit_en", str()), req("weight", number()),
                 req("target", describe(number(), "the value worth the full weight")),
                 req("direction", enumeration(kDirections)),
                 req("cap", describe(number(), "the largest multiple of the weight it may earn"))});
}

void register_schemas(schema::Components& c) {
  using namespace schema;
  value time = date_time();
  c.add("AssessmentIndicatorSpec",
        object({req("key", str()), req("name_zh", str()), req("name_en", str()), req("unit_zh", str()),
                req("unit_en", str()),
                req("rate", describe(boolean(), "a percentage: nothing to count earns the full weight")),
                req("direction", describe(enumeration(kDirections), "the usual direction")),
                req("posts", array(enumeration(kPosts))), req("definition_zh", str()), req("definition_en", str()),
                req("available", describe(boolean(), "this installation computes it"))}));
  c.add("AssessmentScheme",
        object({req("id", id()), req("name", str()), req("description", str()), req("post", enumeration(kPosts)),
                req("region_code", str()), req("period_kind", enumeration(kPeriodKinds)),
                req("status", enumeration(kSchemeStates)), req("version", integer(1)),
                req("copied_from", nullable(id())), req("indicators", array(indicator_schema())),
                req("weight_total", describe(number(), "100 to be activated")), req("created_at", time),
                req("updated_at", time), req("activated_at", nullable(time)), req("retired_at", nullable(time))}));
  c.add("AssessmentRun",
        object({req("id", id()), req("scheme_id", id()), req("scheme_name", str()),
                req("period", describe(str(7, 7), "2026-11 or 2026-Q4")), req("period_kind", enumeration(kPeriodKinds)),
                req("version", describe(integer(1), "1, 2, ... of the period: a recomputation after freezing")),
                req("status", enumeration(kRunStates)), req("post", enumeration(kPosts)), req("region_code", str()),
                req("indicators", describe(array(indicator_schema()), "the scheme's as computed")),
                req("subjects", integer(0)), req("computations", describe(integer(1), "times this draft was computed")),
                req("computed_at", time), req("compute_ms", integer(0)), req("frozen_at", nullable(time)),
                req("created_at", time)}));
  c.add("AssessmentResult",
        object({req("subject", describe(str(), "an account or department id, or a region code")),
                req("subject_kind", enumeration(kSubjectKinds)), req("name", str()), req("region_code", str()),
                req("values", describe(map_of(nullable(number())), "raw values by indicator: the frozen data")),
                req("points", map_of(number())), req("computed", number()),
                req("manual", describe(number(), "the sum of the adjustments")), req("total", number()),
                req("rank", describe(integer(1), "1 = best; equal totals share a rank"))}));
  c.add("AssessmentAdjustment",
        object({req("id", id()), req("subject", str()), req("subject_name", str()), req("points", number()),
                req("reason", str()), req("by_name", str()), req("created_at", time)}));
  c.add("AssessmentCommendation",
        object({req("id", id()), req("subject", str()), req("subject_name", str()), req("title", str()),
                req("reason", str()), req("by_name", str()), req("created_at", time)}));
}

json::object Service::indicator_spec_json(const IndicatorSpec& spec) const {
  json::array posts;
  for (auto p : spec.posts) posts.emplace_back(p);
  return json::object{{"key", spec.key},
                      {"name_zh", spec.name_zh},
                      {"name_en", spec.name_en},
                      {"unit_zh", spec.unit_zh},
                      {"unit_en", spec.unit_en},
                      {"rate", spec.rate},
                      {"direction", spec.direction},
                      {"posts", posts},
                      {"definition_zh", spec.definition_zh},
                      {"definition_en", spec.definition_en},
                      {"available", provides(spec.key)}};
}

json::object Service::scheme_json(const Scheme& s) const {
  json::array indicators;
  for (const auto& i : s.indicators) indicators.push_back(render_indicator(i));
  return json::object{{"id", s.id},
                      {"name", s.name},
                      {"description", s.description},
                      {"post", s.post},
                      {"region_code", s.region_code},
                      {"period_kind", s.period_kind},
                      {"status", s.status},
                      {"version", s.version},
                      {"copied_from", render_id(s.copied_from)},
                      {"indicators", indicators},
                      {"weight_total", weight_total(s.indicators)},
                      {"created_at", json::rfc3339(s.created_at)},
                      {"updated_at", json::rfc3339(s.updated_at)},
                      {"activated_at", render_time(s.activated_at)},
                      {"retired_at", render_time(s.retired_at)}};
}

json::object Service::run_json(const Run& r) const {
  json::array indicators;
  for (const auto& i : r.indicators) indicators.push_back(render_indicator(i));
  return json::object{{"id", r.id},
                      {"scheme_id", r.scheme_id},
                      {"scheme_name", r.scheme_name},
                      {"period", r.period},
                      {"period_kind", r.period_kind},
                      {"version", r.version},
                      {"status", r.status},
                      {"post", r.post},
                      {"region_code", r.region_code},
                      {"indicators", indicators},
                      {"subjects", r.subjects},
                      {"computations", r.computations},
                      {"computed_at", json::rfc3339(r.computed_at)},
                      {"compute_ms", r.compute_ms},
                      {"frozen_at", render_time(r.frozen_at)},
                      {"created_at", json::rfc3339(r.created_at)}};
}

json::object Service::result_json(const Result& r) const {
  json::object values, points;
  for (const auto& [k, v] : r.values) values[k] = v ? json::value(*v) : json::value(nullptr);
  for (const auto& [k, v] : r.points) points[k] = v;
  return json::object{{"subject", r.subject.key}, {"subject_kind", r.subject.kind},
                      {"name", r.subject.name},   {"region_code", r.subject.region_code},
                      {"values", values},         {"points", points},
                      {"computed", r.computed},   {"manual", r.manual},
                      {"total", r.total},         {"rank", r.rank}};
}

json::object Service::adjustment_json(const Adjustment& a, const std::map<std::string, std::string>& subjects,
                                      const std::map<std::int64_t, std::string>& names) const {
  return json::object{{"id", a.id},
                      {"subject", a.subject_key},
                      {"subject_name", name_in(subjects, a.subject_key)},
                      {"points", a.points},
                      {"reason", a.reason},
                      {"by_name", account_name(names, a.created_by)},
                      {"created_at", json::rfc3339(a.created_at)}};
}

json::object Service::commendation_json(const Commendation& c, const std::map<std::string, std::string>& subjects,
                                        const std::map<std::int64_t, std::string>& names) const {
  return json::object{{"id", c.id},
                      {"subject", c.subject_key},
                      {"subject_name", name_in(subjects, c.subject_key)},
                      {"title", c.title},
                      {"reason", c.reason},
                      {"by_name", account_name(names, c.created_by)},
                      {"created_at", json::rfc3339(c.created_at)}};
}

}  // namespace wangge::assessment
