// Intake (随手报 / 巡查上报 / 热线 / 窗口 / 走访 / 办不成事): validates a report, locates it
// to a grid, files it at its handling level with the acceptance deadline running, or,
// for a grid worker who solved it on the spot (就地解决), closes it in the same step; then
// files it in its own write under the request's Idempotency-Key (report_deferred, report_now).
#include <sodium.h>

#include <boost/url/parse.hpp>

#include "audit/audit.h"
#include "events/step_helpers.h"
#include "territory/service.h"

namespace wangge::events {
namespace {

constexpr std::string_view kSources[] = {"resident", "patrol", "hotline", "window", "visit", "open311", "complaint"};

// The tracking code (查询码) of event `id`: the id in Crockford base32 (no I, L, O, U; easy
// to read out), at least 6 characters, then 8 random ones (40 bits) that make it
// unguessable. The id part makes successive codes sort in order, so the unique index on
// the codes takes each new one at its right edge; 10 random characters, as before, put
// every code on a random page of the index, and a commit of 20 events rewrote about 20 of
// its pages (a tenth of the writer's time at 64 clients). Codes handed out before keep
// working: lookups read the stored code.
std::string tracking_code(std::int64_t id) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::string digits;
  for (auto v = static_cast<std::uint64_t>(id); v != 0 || digits.size() < 6; v >>= 5) digits += kAlphabet[v & 31];
  std::string out(digits.rbegin(), digits.rend());
  std::uint64_t bits = 0;
  randombytes_buf(&bits, sizeof bits);  // one system call for the 40 bits
  for (int i = 0; i < 8; ++i, bits >>= 5) out += kAlphabet[bits & 31];
  return out;
}

}  // namespace

Event Service::report(storage::Tx& tx, const Context& ctx, const ReportInput& in) {
  Event e = prepare_report(ctx, in);
  return file_report(tx, ctx, e, in);
}

Event Service::prepare_report(const Context& ctx, const ReportInput& in) {
  if (std::find(std::begin(kSources), std::end(kSources), in.source) == std::end(kSources))
    throw_validation("source", "unknown source " + in.source, "未知的来源 " + in.source);
  Category c = category_or_throw(in.category_code);
  if (in.description.empty()) throw_validation("description", "a description is required", "请描述问题");

  // Where: a point located to a grid, or a grid chosen with an address.
  std::string grid, grid_path;  // the path is known without a read when located by point
  if (in.lat && in.lng) {
    if (*in.lat < -90 || *in.lat > 90 || *in.lng < -180 || *in.lng > 180)
      throw_validation("lat", "latitude -90..90 and longitude -180..180", "纬度应在 -90..90，经度应在 -180..180");
    auto located = territory_.locate_grid(*in.lng, *in.lat);
    if (!located) throw Error("outside_grids", "lat", "the location is not inside any grid", "该位置不在任何网格内");
    grid = located->code;
    grid_path = located->path;
  } else if (in.grid_code) {
    if (in.address.empty())
      throw_validation("address", "an address is required without a location", "未提供定位时请填写地址");
    grid = *in.grid_code;
  } else {
    throw_validation("lat", "a location (lat, lng) or a grid_code with an address is required",
                     "请提供定位（经纬度），或选择网格并填写地址");
  }
  if (grid_path.empty()) {
    auto region = territory_.find(grid, false);
    if (!region || region->level != "grid")
      throw_validation("grid_code", "no grid " + grid, "网格 " + grid + " 不存在");
    grid_path = region->path;
  }

  // Who: residents report for themselves; staff take reports in for others in their territory.
  bool staff_source = in.source != "resident" && in.source != "open311";
  if (ctx.authenticated()) {
    if (staff_source) {
      ctx.require("events:event:create", grid_path);
    } else if (in.source == "resident") {
      ctx.require_somewhere("events:event:report");
    }
  } else if (in.source != "resident" && in.source != "open311") {
    throw Error("unauthorized", {}, "staff sources need a session", "该来源需要登录");
  }
  if (in.priority && !(ctx.authenticated() && staff_source))
    throw_validation("priority", "only staff set the priority", "只有工作人员可以设置紧急程度");
  if (in.self_handled) {
    ctx.require("events:event:self_handle", grid_path);
    if (!c.self_handle)
      throw_validation("self_handled", "this category may not be self-handled", "该类别不允许网格员就地解决");
    if (in.result.empty()) throw_validation("result", "describe what was done", "请填写处置情况");
  }

  Event e;
  std::int64_t now = storage::now_ms();
  e.source = in.source;
  e.category_code = c.code;
  e.priority = in.priority.value_or(c.priority);
  if (e.priority != "normal" && e.priority != "urgent" && e.priority != "critical")
    throw_validation("priority", "one of normal, urgent, critical", "应为 normal、urgent 或 critical");
  e.level = in.source == "complaint" ? "street" : "community";  // 办不成事 goes straight to the street
  auto [hcode, hpath] = handling_node(grid_path, e.level);
  e.handling_code = hcode;
  e.handling_path = hpath;
  e.grid_code = grid;
  e.region_path = grid_path;
  e.lat = in.lat;
  e.lng = in.lng;
  e.address = in.address;
  e.description = in.description;
  e.reporter_name = in.reporter_name;
  if (in.phone) {
    if (!valid_phone(*in.phone))
      throw_validation("phone", "a mobile (11 digits) or landline number", "应为 11 位手机号或带区号的固话");
    std::string phone = normalize_phone(*in.phone);
    e.contact_sealed = crypto_.seal(phone);
    e.contact_masked = mask_phone(phone);
  }
  if (in.email) {
    if (!valid_email(*in.email)) throw_validation("email", "an e-mail address", "应为电子邮件地址");
    e.extras.email_sealed = crypto_.seal(*in.email);
    e.extras.email_masked = mask_email(*in.email);
  }
  if (!in.media_url.empty()) {
    auto url = boost::urls::parse_absolute_uri(in.media_url);
    if (in.media_url.size() > 2000 || !url || (url->scheme() != "http" && url->scheme() != "https"))
      throw_validation("media_url", "an http(s) URL of at most 2000 characters", "应为 http(s) 链接，最多 2000 个字符");
    e.extras.media_url = in.media_url;
  }
  e.extras.attributes = json::to_text(check_answers(c.attributes, in.attributes, calendar_, "attribute"));
  if (in.whistle) {
    // 吹哨上报 ("群众、党员、片长吹哨，责任方报到", seed 002): a resident's or a party member's own
    // report, flagged for the grid's chief or the dispatcher to summon those who must act.
    if (in.source != "resident" || !ctx.authenticated())
      throw_validation("whistle", "a whistle is blown through one's own report", "吹哨应通过本人上报");
    e.extras.whistle_by = ctx.user().can_somewhere("events:event:whistle") ? "party_member" : "resident";
  }
  json::array photos;
  for (const auto& p : in.photos) photos.emplace_back(p);
  e.photos = json::to_text(photos);
  if (ctx.authenticated()) {
    e.created_by = ctx.user().user_id;
    if (in.source == "resident") e.reporter_id = ctx.user().user_id;
    if (e.reporter_name.empty() && in.source == "resident") e.reporter_name = ctx.user().display_name;
  }
  e.status = "reported";
  e.created_at = e.updated_at = now;
  e.version = 1;
  if (in.self_handled) {
    e.status = "closed";
    e.accepted_at = e.dispatched_at = e.handled_at = e.closed_at = now;
    e.solved_level = "grid";
    e.on_time = true;
    e.handler_id = e.created_by;
    e.stage_started_at = now;
    stop_clock(e);
  } else {
    start_stage(e, now, std::int64_t{c.accept_hours} * 60);
  }
  return e;
}

Event Service::file_report(storage::Tx& tx, const Context& ctx, Event e, const ReportInput& in) {
  if (!e.grid_code) throw std::logic_error("file_report: prepare_report placed the event in no grid");
  const std::string& grid = *e.grid_code;
  std::int64_t now = e.created_at;
  hold_at_grid(tx, e);
  e.id = tx.next_id("events");  // the code holds the id, so the row is written knowing it
  e.tracking_code = tracking_code(e.id);
  store::insert(tx, calendar_, e);
  if (!e.extras.empty()) store::insert_extras(tx, e.id, e.extras);
  link_photos(tx, ctx, e.photos, e.id);

  TimelineEntry t;
  t.event_id = e.id;
  t.at = now;
  t.actor_id = ctx.actor_id();
  t.actor = ctx.authenticated() ? ctx.actor() : (e.reporter_name.empty() ? "anonymous" : e.reporter_name);
  t.action = "report";
  t.to_status = e.status == "at_grid" ? "at_grid" : "reported";
  t.detail = json::to_text(json::object{{"source", e.source}, {"grid_code", grid}});
  t.photos = e.photos;
  store::append(tx, t);
  if (in.self_handled) {
    TimelineEntry done = t;
    done.action = "self-handle";
    done.from_status = "reported";
    done.to_status = "closed";
    done.comment = in.result;
    done.detail = "{}";
    store::append(tx, done);
    report_deeds(tx, Event{}, e);
  }
  if (!in.self_handled) notify(tx, e, "report");
  audit::append(tx, audit::entry(ctx, in.self_handled ? "events:event:self-handle" : "events:event:report",
                                 "event:" + std::to_string(e.id),
                                 {{"source", e.source}, {"category", e.category_code}, {"grid", grid}}));
  return e;
}

http::Response Service::report_deferred(const Context& ctx, std::shared_ptr<const ReportInput> in, Render render) {
  // Validated, located and sealed here; filed in the group commit, answered when durable.
  auto prepared = std::make_shared<const Event>(prepare_report(ctx, *in));
  auto done = std::make_shared<std::optional<Event>>();
  return idempotency::run_deferred(
      db_, ctx, [this, &ctx, in, prepared, done](storage::Tx& tx) { *done = file_report(tx, ctx, *prepared, *in); },
      [this, done] { published(**done); }, [render = std::move(render), done] { return render(**done); });
}

http::Response Service::report_now(const Context& ctx, const ReportInput& in, const Render& render) {
  Event prepared = prepare_report(ctx, in);
  std::optional<Event> done;
  auto r = idempotency::run(
      db_, ctx, [&](storage::Tx& tx) { done = file_report(tx, ctx, prepared, in); }, [&] { return render(*done); });
  if (done) published(*done);
  return r;
}

}  // namespace wangge::events
