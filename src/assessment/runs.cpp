// Runs (考核结果): a scheme computed for a period. The subjects of its post under its node and
// each indicator's raw values are read in one read transaction, one grouped query per
// indicator for every subject (the providers the app wires); the write then stores the
// period's next version (or replaces the latest while it is a draft, keeping its manual
// points), every subject's raw values, points, total and rank, in multi-row statements.
#include <algorithm>
#include <chrono>
#include <set>

#include "assessment/service.h"
#include "assessment/store.h"
#include "audit/audit.h"
#include "core/error.h"
#include "territory/service.h"

namespace wangge::assessment {
namespace {

std::string run_code_of(const std::string& path) {
  auto trimmed = path.substr(0, path.size() - 1);
  return trimmed.substr(trimmed.rfind('/') + 1);
}

bool above_community(const std::string& level) {
  return level == "province" || level == "city" || level == "county" || level == "town";
}

}  // namespace

std::vector<Subject> Service::regions_under(const std::string& path, const std::string& level) const {
  std::vector<Subject> out;
  auto self = territory_.find(run_code_of(path), false);
  if (!self) return out;
  if (self->level == level) return {Subject{self->code, "region", self->name, self->code}};
  if (level == "grid") {
    for (const auto& g : territory_.grids_under(self->code)) out.push_back(Subject{g.code, "region", g.name, g.code});
    return out;
  }
  // Communities: down the tree to them, not below.
  std::vector<std::string> pending;
  if (above_community(self->level)) pending.push_back(self->code);
  while (!pending.empty()) {
    std::string code = std::move(pending.back());
    pending.pop_back();
    for (std::string after;;) {
      auto kids = territory_.children(code, after, 1000, false);
      for (const auto& k : kids) {
        if (k.level == level)
          out.push_back(Subject{k.code, "region", k.name, k.code});
        else if (above_community(k.level))
          pending.push_back(k.code);
      }
      if (kids.size() < 1000) break;
      after = kids.back().code;
    }
  }
  std::sort(out.begin(), out.end(), [](const Subject& a, const Subject& b) { return a.key < b.key; });
  return out;
}

std::vector<Subject> Service::subjects_for(storage::Tx& tx, const std::string& post, const std::string& path) const {
  auto it = subjects_of_.find(post);
  if (it == subjects_of_.end())
    throw Error("unavailable", {}, "the subjects of this post are not available", "暂无法确定该类考核对象");
  return it->second(tx, path);
}

Period Service::period_for(const Scheme& s, const std::string& label) const {
  auto p = parse_period(label);
  if (!p) throw_validation("period", "a month YYYY-MM or a quarter YYYY-Qn", "应为月份 YYYY-MM 或季度 YYYY-Qn");
  if (p->kind != s.period_kind)
    throw_validation("period",
                     s.period_kind == "quarter" ? "this scheme is assessed per quarter: YYYY-Qn"
                                                : "this scheme is assessed per month: YYYY-MM",
                     s.period_kind == "quarter" ? "本方案按季度考核，应为 YYYY-Qn" : "本方案按月考核，应为 YYYY-MM");
  if (p->first > calendar_.day_of(storage::now_ms()))
    throw_validation("period", "a period that has begun", "考核期尚未开始");
  return *p;
}

Service::Computed Service::compute(const Scheme& s, const Period& p) const {
  const auto started = std::chrono::steady_clock::now();
  Computed c;
  const bool regions = s.post == "grid" || s.post == "community";
  if (regions) c.subjects = regions_under(s.region_path, s.post);
  db_.read([&](storage::Tx& tx) {
    if (!regions) c.subjects = subjects_for(tx, s.post, s.region_path);
    for (const auto& ind : s.indicators) {
      auto it = providers_.find(ind.key);
      if (it == providers_.end())
        throw Error("unavailable", {}, "the indicator " + ind.key + " is not available",
                    "指标 " + ind.key + " 暂无数据来源");
      c.values[ind.key] = it->second(tx, p, s.region_path, s.post);
    }
  });
  // Each subject once (an account holding the role on two nodes is one worker).
  std::set<std::string> seen;
  c.subjects.erase(std::remove_if(c.subjects.begin(), c.subjects.end(),
                                  [&](const Subject& x) { return !seen.insert(x.key).second; }),
                   c.subjects.end());
  c.ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return c;
}

Run Service::store_run(storage::Tx& tx, const Context& ctx, std::int64_t scheme_id, const Period& p,
                       const Computed& c) {
  Scheme s = readable_scheme(tx, ctx, scheme_id, "assessment:result:write");
  if (s.status != "active") throw Error("conflict", {}, "only an active scheme is computed", "只能计算已启用的方案");
  const std::int64_t now = storage::now_ms();
  auto latest = store::latest_run(tx, s.id, p.label);
  const bool in_place = latest && latest->status == "draft";
  Run r;
  std::map<std::string, double> manual;
  if (in_place) {
    r = *latest;
    r.computations += 1;
    manual = store::manual_points(tx, r.id);
  } else {
    r.scheme_id = s.id;
    r.version = latest ? latest->version + 1 : 1;
    r.created_at = now;
  }
  r.scheme_name = s.name;
  r.period = p.label;
  r.period_kind = p.kind;
  r.status = "draft";
  r.post = s.post;
  r.region_code = s.region_code;
  r.region_path = s.region_path;
  r.indicators = s.indicators;
  r.subjects = static_cast<std::int64_t>(c.subjects.size());
  r.computed_at = now;
  r.computed_by = ctx.user().user_id;
  r.compute_ms = c.ms;
  auto results = score(c.subjects, s.indicators, c.values, manual);
  if (in_place) {
    store::delete_results(tx, r.id);
    store::update_computed(tx, r);
  } else {
    r.id = store::insert_run(tx, r);
  }
  store::insert_results(tx, r.id, results);
  audit::append(tx, audit::entry(ctx, "assessment:run:compute", "assessment_run:" + std::to_string(r.id),
                                 json::object{{"scheme", s.id},
                                              {"period", p.label},
                                              {"version", r.version},
                                              {"computations", r.computations},
                                              {"subjects", r.subjects},
                                              {"ms", c.ms}}));
  return r;
}

}  // namespace wangge::assessment
