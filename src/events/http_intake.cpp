// Intake routes: POST /events (residents and staff), and the anonymous report with its
// tracking code (POST /public/events, GET /public/events/{tracking_code}).
#include <boost/json/parse.hpp>

#include "events/http_routes.h"
#include "events/render.h"
#include "events/step_helpers.h"

namespace wangge::events {
namespace {

// Answers to the category's questions: {code: "value" | number | ["key", ...]}.
void read_answers(const json::object& body, ReportInput& in) {
  auto it = body.find("attributes");
  if (it == body.end() || it->value().is_null()) return;
  if (!it->value().is_object() || it->value().as_object().size() > 30)
    throw_validation("attributes", "an object of answers {code: value}", "应为对象 {编码: 值}");
  for (const auto& kv : it->value().as_object()) {
    auto& values = in.attributes[std::string(kv.key())];
    auto one = [&](const json::value& v) {
      if (v.is_string()) {
        values.emplace_back(v.as_string());
      } else if (v.is_number()) {
        values.push_back(json::to_text(v));
      } else {
        throw_validation("attributes." + std::string(kv.key()), "a string, a number or a list of keys",
                         "应为字符串、数字或选项列表");
      }
    };
    if (kv.value().is_array()) {
      for (const auto& v : kv.value().as_array()) one(v);
    } else {
      one(kv.value());
    }
  }
}

// The body of a report: lat+lng, or grid_code with an address, place it. The public
// intake takes the first eight members only.
schema::value report_schema(bool staff) {
  using namespace schema;
  std::vector<Field> fields = {req("category", str(8)),        req("description", str(5000)),
                               opt("lat", nullable(number())), opt("lng", nullable(number())),
                               opt("address", str(200)),       opt("grid_code", nullable(str(24))),
                               opt("reporter_name", str(50)),  opt("phone", nullable(str(32)))};
  if (staff) {
    std::vector<Field> more = {
        opt("source", str(20)),
        opt("email", nullable(str(254))),
        opt("photos", nullable(array(str(64, 64), 9))),
        opt("priority", nullable(enumeration({"normal", "urgent", "critical"}))),
        opt("self_handled", boolean()),
        opt("result", str(2000)),
        opt("whistle", boolean()),
        opt("attributes", nullable(map_of(describe(any(), "a string, a number or a list of option keys"))))};
    fields.insert(fields.end(), more.begin(), more.end());
  }
  return object(fields, closed);
}

}  // namespace

ReportInput report_input(const json::object& body) {
  json::allow_only(body, {"source", "category", "description", "lat", "lng", "address", "grid_code", "reporter_name",
                          "phone", "email", "photos", "priority", "self_handled", "result", "attributes", "whistle"});
  ReportInput in;
  in.source = json::opt_string(body, "source", 20).value_or("resident");
  in.category_code = json::get_string(body, "category", 8);
  in.description = json::get_string(body, "description", 5000);
  auto number = [&](const char* key) -> std::optional<double> {
    auto it = body.find(key);
    if (it == body.end() || it->value().is_null()) return std::nullopt;
    if (!it->value().is_number()) throw_validation(key, "must be a number", "应为数字");
    return it->value().to_number<double>();
  };
  in.lat = number("lat");
  in.lng = number("lng");
  if (in.lat.has_value() != in.lng.has_value()) throw_validation("lng", "lat and lng go together", "经纬度须同时提供");
  in.address = json::opt_string(body, "address", 200).value_or("");
  in.grid_code = json::opt_string(body, "grid_code", 24);
  in.reporter_name = json::opt_string(body, "reporter_name", 50).value_or("");
  in.phone = json::opt_string(body, "phone", 32);
  in.email = json::opt_string(body, "email", 254);
  read_answers(body, in);
  boost::system::error_code ec;
  auto photos = boost::json::parse(read_photos(body), ec);
  for (const auto& p : photos.as_array()) in.photos.emplace_back(p.as_string());
  in.priority = json::opt_string(body, "priority", 10);
  in.self_handled = json::opt_bool(body, "self_handled").value_or(false);
  in.result = json::opt_string(body, "result", 2000).value_or("");
  in.whistle = json::opt_bool(body, "whistle").value_or(false);
  return in;
}

void register_intake_routes(Service& svc, http::Router& router) {
  router.add("POST", "/api/v1/events",
             {.summary = "Report an event (residents for themselves; staff for others, or self-handled on the spot)",
              .tag = "events",
              .permission = "events:event:report",
              .request = report_schema(/*staff=*/true),
              .response = schema::ref("Event"),
              .statuses = {201, 403, 409, 422},
              .runs = http::Runs::deferred},
             [&svc](Context& ctx) {
               // Answered when durable (deferred: no thread waits for the commit).
               auto in = std::make_shared<const ReportInput>(report_input(json::parse_body(ctx.req())));
               return svc.report_deferred(ctx, in, [&svc](const Event& e) {
                 return idempotency::Reply{201, json::to_text(event_json(e, svc))};
               });
             });
}

void register_public_routes(Service& svc, http::Router& router) {
  router.add(
      "POST", "/api/v1/public/events",
      {.summary = "Report an event without an account; answers the tracking code to follow it with",
       .tag = "events",
       .authenticated = false,
       .request = report_schema(/*staff=*/false),
       .response = schema::object({schema::req("tracking_code", schema::str()), schema::req("status", schema::str()),
                                   schema::req("due_at", schema::nullable(schema::date_time()))}),
       .statuses = {201, 422}},
      [&svc](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body,
                         {"category", "description", "lat", "lng", "address", "grid_code", "reporter_name", "phone"});
        ReportInput in = report_input(body);
        in.source = "resident";
        return svc.report_now(ctx, in, [](const Event& e) {
          return idempotency::Reply{
              201, json::to_text(json::object{
                       {"tracking_code", e.tracking_code},
                       {"status", e.status},
                       {"due_at", e.due_at ? json::value(json::rfc3339(*e.due_at)) : json::value(nullptr)}})};
        });
      });
  router.add("GET", "/api/v1/public/events/{tracking_code}",
             {.summary = "Follow an anonymous report by its tracking code",
              .tag = "events",
              .authenticated = false,
              .response = schema::ref("PublicEvent"),
              .statuses = {200, 404}},
             [&svc](Context& ctx) {
               json::object out;
               svc.db().read([&](storage::Tx& tx) {
                 auto e = store::get_by_tracking(tx, ctx.req().param("tracking_code"));
                 if (!e) throw_not_found("no report with this tracking code", "没有该查询码对应的事件");
                 out = public_json(*e, store::timeline(tx, e->id), svc);
               });
               return json::respond(200, out);
             });
}

}  // namespace wangge::events
