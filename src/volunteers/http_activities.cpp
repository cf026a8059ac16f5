// Routes of activities: the calendar on the caller's line (by period), mine and those I
// organise; creating and cancelling one; signing up and withdrawing; the organiser's code
// screen; checking in and out; the organiser's list of sign-ups, certification and
// corrections.
#include "core/dates.h"
#include "core/error.h"
#include "core/idempotency.h"
#include "territory/service.h"
#include "volunteers/service.h"
#include "volunteers/store.h"

namespace wangge::volunteers {
namespace {

schema::value check_body_schema() {
  using namespace schema;
  return object({req("code", describe(str(6, 6), "the code the organiser shows")),
                 req("lat", describe(number(), "where the phone is")), req("lng", number())},
                closed);
}

}  // namespace

void Service::register_activity_routes(http::Router& router) {
  using namespace schema;
  router.add(
      "GET", "/api/v1/volunteer-activities",
      {.summary = "Activities: the calendar on the caller's line in a period, mine (signed up), or those I organise",
       .tag = "volunteers",
       .permission = "volunteers:activity:read",
       .query = {{"view", "calendar (default), mine or organised"},
                 {"from", "starting on or after (YYYY-MM-DD; default: today)"},
                 {"to", "starting before (YYYY-MM-DD; default: 31 days after from)"},
                 {"status", "open, cancelled or certified"}},
       .response = object({req("items", array(ref("VolunteerActivity")))}),
       .statuses = {200, 400, 403}},
      [this](Context& ctx) {
        const auto& req = ctx.req();
        std::string view(req.query_param("view").value_or("calendar"));
        store::ActivityFilter f;
        if (view == "calendar") {
          f.within = ctx.user().scope("volunteers:activity:read");
          f.line = f.within;
          std::int64_t from =
              calendar_.midnight(dates::query_day(req, "from").value_or(calendar_.day_of(storage::now_ms())));
          f.from = from;
          f.to = dates::query_instant(req, "to", calendar_).value_or(from + 31LL * 86'400'000);
          if (*f.to <= *f.from) throw Error("invalid_query", "to", "after from", "结束日期应晚于开始日期");
        } else if (view == "organised") {
          f.organiser_id = ctx.user().user_id;
        } else if (view != "mine") {
          throw_validation("view", "calendar, mine or organised", "应为 calendar、mine 或 organised");
        }
        if (auto s = req.query_param("status")) {
          if (*s != "open" && *s != "cancelled" && *s != "certified")
            throw Error("invalid_query", "status", "open, cancelled or certified", "应为 open、cancelled 或 certified");
          f.status = std::string(*s);
        }
        f.limit = 500;
        json::array items;
        db_.read([&](storage::Tx& tx) {
          auto me = store::volunteer_of_user(tx, ctx.user().user_id);
          if (view == "mine") {
            if (!me) return;
            f.volunteer_id = me->id;
          }
          auto rows = store::activities(tx, f);
          std::map<std::int64_t, Signup> mine;
          if (me) mine = store::signups_of(tx, me->id, rows);
          for (const auto& a : rows) {
            auto it = mine.find(a.id);
            items.push_back(
                activity_json(a, it == mine.end() ? std::nullopt : std::optional<Signup>(it->second), runs(ctx, a)));
          }
        });
        return json::respond(200, json::object{{"items", std::move(items)}});
      });

  router.add("POST", "/api/v1/volunteer-activities",
             {.summary = "Publish an activity at a station (its organisers, or a team's leader for the team)",
              .tag = "volunteers",
              .permission = "volunteers:activity:read",
              .request = object(
                  {req("station_id", id()), opt("team_id", id()), req("title", str(100, 1)), opt("detail", str(2000)),
                   req("place", str(200, 1)), req("lat", number()), req("lng", number()),
                   opt("radius_m", describe(integer(50, 5000), "check-in counts within it; default 300")),
                   req("starts_at", date_time()), req("ends_at", date_time()), req("capacity", integer(1, 10000)),
                   opt("skills", array(str(20, 1), 20))},
                  closed),
              .response = ref("VolunteerActivity"),
              .statuses = {201, 403, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"station_id", "team_id", "title", "detail", "place", "lat", "lng", "radius_m",
                                       "starts_at", "ends_at", "capacity", "skills"});
               Activity a;
               a.station_id = json::get_int(body, "station_id");
               a.team_id = json::opt_int(body, "team_id");
               a.title = json::get_string(body, "title", 100);
               a.detail = json::opt_string(body, "detail", 2000, 0).value_or("");
               a.place = json::get_string(body, "place", 200);
               if (!body.contains("lat") || !body.at("lat").is_number() || !body.contains("lng") ||
                   !body.at("lng").is_number())
                 throw_validation("lat", "the place's lat and lng", "请在地图上选定活动地点");
               a.lat = body.at("lat").to_number<double>();
               a.lng = body.at("lng").to_number<double>();
               if (a.lat < -90 || a.lat > 90 || a.lng < -180 || a.lng > 180)
                 throw_validation("lat", "a point on Earth", "经纬度超出范围");
               a.radius_m = json::opt_int(body, "radius_m").value_or(300);
               if (a.radius_m < 50 || a.radius_m > 5000)
                 throw_validation("radius_m", "50 to 5000 m", "应为 50 至 5000 米");
               std::int64_t lo = dates::earliest(calendar_), hi = dates::latest(calendar_);
               auto instant = [&](const char* key) {
                 auto t = dates::body_instant(body, key, calendar_, lo, hi, "2000-2099", "2000-2099 年");
                 if (!t) throw_validation(key, "a time (RFC 3339)", "请填写时间");
                 return *t;
               };
               a.starts_at = instant("starts_at");
               a.ends_at = instant("ends_at");
               a.capacity = json::get_int(body, "capacity");
               if (a.capacity < 1 || a.capacity > 10000)
                 throw_validation("capacity", "1 to 10000", "应为 1 至 10000 人");
               if (body.contains("skills")) {
                 if (!body.at("skills").is_array()) throw_validation("skills", "a list", "应为列表");
                 for (const auto& s : body.at("skills").as_array()) {
                   if (!s.is_string() || s.as_string().empty() || json::utf8_length(s.as_string()) > 20)
                     throw_validation("skills", "names of 1 to 20 characters", "技能名称应为 1 至 20 个字");
                   a.skills.emplace_back(s.as_string());
                 }
               }
               db_.write([&](storage::Tx& tx) { a = create_activity(tx, ctx, a); });
               return json::respond(201, activity_json(a, std::nullopt, true));
             });

  router.add("GET", "/api/v1/volunteer-activities/{id}",
             {.summary = "An activity with the caller's sign-up",
              .tag = "volunteers",
              .permission = "volunteers:activity:read",
              .response = ref("VolunteerActivity"),
              .statuses = {200, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto a = store::activity(tx, id);
                 if (!a || !(ctx.user().reaches("volunteers:activity:read", a->region_path) || runs(ctx, *a)))
                   throw_not_found("no activity " + std::to_string(id), "活动不存在");
                 auto me = store::volunteer_of_user(tx, ctx.user().user_id);
                 out = activity_json(*a, me ? store::signup_of(tx, id, me->id) : std::nullopt, runs(ctx, *a));
               });
               return json::respond(200, out);
             });

  // The steps a participant or the organiser takes on an activity, one POST each.
  struct Step {
    const char* action;
    const char* summary;
    const char* permission;
  };
  static constexpr Step kSteps[] = {
      {"sign-up", "Sign up: a place while one is free, else the waiting list", "volunteers:activity:join"},
      {"withdraw", "Withdraw before the start: the place goes to the first who waits", "volunteers:activity:join"},
      {"check-in", "Check in with the organiser's current code, from the place", "volunteers:activity:join"},
      {"check-out", "Check out with the organiser's current code, from the place", "volunteers:activity:join"},
      {"cancel", "Cancel the activity (its organiser), telling those signed up", "volunteers:activity:read"},
      {"certify", "Certify every participant's minutes once it is over (its organiser)", "volunteers:activity:read"},
  };
  for (const auto& step : kSteps) {
    const std::string action = step.action;
    schema::value body_schema = object({}, closed);
    if (action == "check-in" || action == "check-out") body_schema = check_body_schema();
    if (action == "cancel") body_schema = object({req("reason", str(200, 1))}, closed);
    if (action == "certify")
      body_schema =
          object({opt("minutes", describe(array(object({req("signup_id", id()), req("minutes", integer(0, 1440)),
                                                        req("reason", str(200, 2))},
                                                       closed)),
                                          "the organiser's figures where they differ from check-in and "
                                          "check-out, each with its reason"))},
                 closed);
    const bool returns_signup =
        action == "sign-up" || action == "withdraw" || action == "check-in" || action == "check-out";
    router.add("POST", "/api/v1/volunteer-activities/{id}/" + action,
               {.summary = step.summary,
                .tag = "volunteers",
                .permission = step.permission,
                .request = body_schema,
                .response = returns_signup ? ref("VolunteerSignup") : ref("VolunteerActivity"),
                .statuses = {200, 403, 404, 409, 422}},
               [this, action](Context& ctx) {
                 auto id = json::path_id(ctx.req(), "id");
                 auto body = json::parse_body(ctx.req());
                 return idempotency::run(db_, ctx, [&](storage::Tx& tx) {
                   auto a = store::activity(tx, id);
                   if (!a || !(ctx.user().reaches("volunteers:activity:read", a->region_path) || runs(ctx, *a)))
                     throw_not_found("no activity " + std::to_string(id), "活动不存在");
                   json::object out;
                   if (action == "sign-up") {
                     json::allow_only(body, {});
                     out = signup_json(sign_up(tx, ctx, id));
                   } else if (action == "withdraw") {
                     json::allow_only(body, {});
                     out = signup_json(withdraw(tx, ctx, id));
                   } else if (action == "check-in" || action == "check-out") {
                     json::allow_only(body, {"code", "lat", "lng"});
                     std::string code = json::get_string(body, "code", 6, 6);
                     if (!body.contains("lat") || !body.at("lat").is_number() || !body.contains("lng") ||
                         !body.at("lng").is_number())
                       throw_validation("lat", "where the phone is (lat, lng)", "需要手机定位");
                     out = signup_json(check(tx, ctx, id, action == "check-in", code,
                                             body.at("lat").to_number<double>(), body.at("lng").to_number<double>()));
                   } else if (action == "cancel") {
                     json::allow_only(body, {"reason"});
                     auto done = cancel_activity(tx, ctx, id, json::get_string(body, "reason", 200));
                     out = activity_json(done, std::nullopt, true);
                   } else {
                     json::allow_only(body, {"minutes"});
                     json::array overrides;
                     if (body.contains("minutes")) {
                       if (!body.at("minutes").is_array()) throw_validation("minutes", "a list", "应为列表");
                       overrides = body.at("minutes").as_array();
                     }
                     out = activity_json(certify(tx, ctx, id, overrides), std::nullopt, true);
                   }
                   return idempotency::Reply{200, json::to_text(out)};
                 });
               });
  }

  router.add("GET", "/api/v1/volunteer-activities/{id}/code",
             {.summary = "The check-in code the organiser shows now (it changes every minute), and until when",
              .tag = "volunteers",
              .permission = "volunteers:activity:read",
              .response = object({req("code", str(6, 6)), req("valid_until", date_time()),
                                  req("check_in_url", describe(str(), "what the QR code holds"))}),
              .statuses = {200, 403, 404, 409}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               std::optional<Activity> a;
               db_.read([&](storage::Tx& tx) { a = store::activity(tx, id); });
               if (!a || !(runs(ctx, *a) || ctx.user().reaches("volunteers:activity:read", a->region_path)))
                 throw_not_found("no activity " + std::to_string(id), "活动不存在");
               auto [code, until] = current_code(ctx, *a);
               return json::respond(
                   200, json::object{{"code", code},
                                     {"valid_until", json::rfc3339(until)},
                                     {"check_in_url", "/volunteers/activity/" + std::to_string(id) + "?code=" + code}});
             });

  router.add("GET", "/api/v1/volunteer-activities/{id}/signups",
             {.summary = "The sign-ups of an activity (its organiser): places, the waiting list, check-ins, minutes",
              .tag = "volunteers",
              .permission = "volunteers:activity:read",
              .response = object({req("items", array(ref("VolunteerSignup")))}),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::array items;
               db_.read([&](storage::Tx& tx) {
                 auto a = store::activity(tx, id);
                 if (!a || !runs(ctx, *a)) throw_not_found("no activity " + std::to_string(id), "活动不存在");
                 for (const auto& s : store::signups(tx, id)) items.push_back(signup_json(s));
               });
               return json::respond(200, json::object{{"items", std::move(items)}});
             });

  router.add("POST", "/api/v1/volunteer-signups/{id}/correct",
             {.summary = "Correct a participant's certified minutes, with the reason (recorded; points follow)",
              .tag = "volunteers",
              .permission = "volunteers:activity:read",
              .request = object({req("minutes", integer(0, 1440)), req("reason", str(200, 2))}, closed),
              .response = ref("VolunteerSignup"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"minutes", "reason"});
               auto minutes = json::get_int(body, "minutes");
               auto reason = json::get_string(body, "reason", 200, 2);
               Signup s;
               db_.write([&](storage::Tx& tx) { s = correct(tx, ctx, id, minutes, reason); });
               return json::respond(200, signup_json(s));
             });
}

}  // namespace wangge::volunteers
