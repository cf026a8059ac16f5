// Household visits (入户走访): plan a visit, record it on a phone (what was found, photos,
// where), raise an event from it in the same step, cancel a plan; the worklist of
// households not visited for N days; coverage per grid and period (households visited /
// households; the seeds report 100 %).
#include "registry/visits.h"

#include "audit/audit.h"
#include "core/error.h"

namespace wangge::registry {
namespace {

[[noreturn]] void stale_visit() {
  throw Error("stale_version", "version", "the visit changed meanwhile", "走访记录已被他人修改");
}

// The planned visit `id` at `version` that ctx may write, before it is completed or
// cancelled ("completed"/"完成", ...); throws not found, forbidden, stale or not planned.
Visit planned_visit(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version, std::string_view en,
                    std::string_view zh) {
  auto found = store::visit(tx, id);
  if (!found) throw_not_found("no visit " + std::to_string(id), "走访记录不存在");
  ctx.require("registry:visit:write", found->region_path);
  if (version != found->version) stale_visit();
  if (found->status != "planned")
    throw Error("invalid_transition", "status", "only a planned visit can be " + std::string(en),
                "仅计划中的走访可以" + std::string(zh));
  return *found;
}

// Records a done visit's details into v, and raises its event when asked; inside the write
// transaction.
void record_visit(Service& svc, storage::Tx& tx, const Context& ctx, const VisitRecord& rec, const Household& h,
                  Visit& v) {
  v.findings = rec.findings;
  v.purpose = rec.purpose.value_or(v.purpose);
  v.visited_at = rec.visited_at.value_or(storage::now_ms());
  v.lat = rec.lat;
  v.lng = rec.lng;
  json::array arr;
  for (const auto& p : rec.photos) arr.push_back(json::value(p));
  v.photos = json::to_text(arr);
  v.status = "done";
  v.visitor_id = ctx.actor_id();
  v.visitor_name = ctx.actor();
  if (rec.event) {
    Service::EventRequest req = *rec.event;
    req.address = h.address + (h.room.empty() ? "" : " " + h.room);
    if (h.region_code.size() >= 15) req.grid_code = h.region_code.substr(0, 15);
    req.lat = v.lat;
    req.lng = v.lng;
    req.photos = rec.photos;
    v.event_id = svc.event_raiser()(tx, ctx, req).id;
  }
}

// A done visit marks its household visited and links its photos.
void after_record(Service& svc, storage::Tx& tx, const Context& ctx, const VisitRecord& rec, const Visit& v) {
  store::mark_visited(tx, v.household_id, v.visited_at.value_or(storage::now_ms()));
  if (svc.photo_linker() && v.photos != "[]") svc.photo_linker()(tx, ctx, rec.photos, v.id);
  if (svc.deed_sink() && v.visitor_id) {
    // The visit done: the visitor's deed (a grid worker's 入户走访), once per visit.
    deeds::Deed d;
    d.kind = deeds::kVisitDone;
    d.ref = "visit:" + std::to_string(v.id);
    d.user_id = v.visitor_id;
    d.region_path = v.region_path;
    d.at = v.visited_at.value_or(storage::now_ms());
    d.actor_id = ctx.actor_id();
    svc.deed_sink()(tx, d);
  }
}

}  // namespace

bool Service::can_read_visit(storage::Tx& tx, const Context& ctx, std::int64_t id) {
  auto v = store::visit(tx, id);
  return v && ctx.authenticated() && ctx.user().can("registry:visit:read", v->region_path);
}

bool Service::can_read_person(storage::Tx& tx, const Context& ctx, std::int64_t id) {
  auto p = store::person(tx, id);
  return p && ctx.authenticated() && ctx.user().can("registry:person:read", p->region_path);
}

VisitPage list_visits(Service& svc, const VisitQuery& q) {
  VisitPage page;
  svc.db().read([&](storage::Tx& tx) {
    page.items =
        store::visits(tx, q.scope, q.household_id, q.region_path, q.status, q.period, q.before_id, q.limit + 1);
  });
  page.more = static_cast<int>(page.items.size()) > q.limit;
  if (page.more) page.items.pop_back();
  return page;
}

Visit create_visit(Service& svc, storage::Tx& tx, const Context& ctx, Visit v,
                   const std::optional<VisitRecord>& record) {
  std::int64_t now = storage::now_ms();
  v.created_at = v.updated_at = now;
  auto h = store::household(tx, v.household_id);
  if (!h) throw_validation("household_id", "no such household", "住户不存在");
  ctx.require("registry:visit:write", h->region_path);
  v.region_code = h->region_code;
  v.region_path = h->region_path;
  if (record) record_visit(svc, tx, ctx, *record, *h, v);
  v.id = store::insert_visit(tx, v);
  if (record) after_record(svc, tx, ctx, *record, v);
  audit::append(
      tx, audit::entry(ctx, record ? "registry:visit:record" : "registry:visit:plan", "visit:" + std::to_string(v.id),
                       {{"household", v.household_id},
                        {"event", v.event_id ? json::value(*v.event_id) : json::value(nullptr)}}));
  return v;
}

Visit record_care_visit(Service& svc, storage::Tx& tx, const Context& ctx, std::int64_t household_id,
                        const VisitRecord& record) {
  auto h = store::household(tx, household_id);
  if (!h) throw_validation("household_id", "no such household", "住户不存在");
  if (record.event) throw std::logic_error("record_care_visit: a care visit raises no event here");
  Visit v;
  v.household_id = household_id;
  v.region_code = h->region_code;
  v.region_path = h->region_path;
  v.purpose = "包户走访";
  v.created_at = v.updated_at = storage::now_ms();
  record_visit(svc, tx, ctx, record, *h, v);
  v.id = store::insert_visit(tx, v);
  after_record(svc, tx, ctx, record, v);
  audit::append(tx, audit::entry(ctx, "registry:visit:record", "visit:" + std::to_string(v.id),
                                 {{"household", v.household_id}, {"care", true}}));
  return v;
}

Visit complete_visit(Service& svc, storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version,
                     const VisitRecord& record) {
  Visit v = planned_visit(tx, ctx, id, version, "completed", "完成");
  auto h = store::household(tx, v.household_id);
  if (!h) throw_validation("household_id", "no such household", "住户不存在");
  record_visit(svc, tx, ctx, record, *h, v);
  v.version = version + 1;
  v.updated_at = storage::now_ms();
  if (!store::update_visit(tx, v, version)) stale_visit();
  after_record(svc, tx, ctx, record, v);
  audit::append(
      tx, audit::entry(ctx, "registry:visit:record", "visit:" + std::to_string(id), {{"household", v.household_id}}));
  return v;
}

Visit cancel_visit(Service& svc, const Context& ctx, std::int64_t id, std::int64_t version) {
  Visit v;
  svc.db().write([&](storage::Tx& tx) {
    v = planned_visit(tx, ctx, id, version, "cancelled", "取消");
    v.status = "cancelled";
    v.version = version + 1;
    v.updated_at = storage::now_ms();
    if (!store::update_visit(tx, v, version)) stale_visit();
    audit::append(tx, audit::entry(ctx, "registry:visit:cancel", "visit:" + std::to_string(id)));
  });
  return v;
}

Worklist visit_worklist(Service& svc, const std::vector<std::string>& scope,
                        const std::optional<std::string>& region_path, std::int64_t cutoff,
                        const std::optional<std::pair<std::int64_t, std::int64_t>>& after, int limit) {
  Worklist out;
  svc.db().read(
      [&](storage::Tx& tx) { out.items = store::unvisited(tx, scope, region_path, cutoff, after, limit + 1); });
  out.more = static_cast<int>(out.items.size()) > limit;
  if (out.more) out.items.pop_back();
  return out;
}

std::map<std::string, std::pair<std::int64_t, std::int64_t>> visit_coverage(Service& svc, const std::string& path,
                                                                            std::int64_t from, std::int64_t until) {
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> per_grid;
  svc.db().read([&](storage::Tx& tx) { per_grid = store::visit_coverage(tx, path, from, until); });
  return per_grid;
}

std::vector<work::Item> Service::waiting(storage::Tx& tx, const Context& ctx, int cap) {
  // The visit page's tabs, as it reads them by default: the worklist of households not
  // visited for 30 days, and the planned visits; each read up to cap + 1 rows.
  if (!ctx.user().can_somewhere("registry:visit:write")) return {};
  auto scope = ctx.user().scope("registry:visit:read");
  std::int64_t cutoff = storage::now_ms() - kWorklistDays * 86'400'000;
  auto due = store::unvisited(tx, scope, std::nullopt, cutoff, std::nullopt, cap + 1);
  auto planned =
      store::visits(tx, scope, std::nullopt, std::nullopt, std::string("planned"), {}, std::nullopt, cap + 1);
  return {work::capped("registry", "visits.worklist", due.size(), cap),
          work::capped("registry", "visits.planned", planned.size(), cap)};
}

}  // namespace wangge::registry
