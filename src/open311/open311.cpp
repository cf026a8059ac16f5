#include "open311/open311.h"

#include <boost/json/serialize.hpp>
#include <cmath>
#include <map>

#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/idempotency.h"
#include "core/json.h"
#include "core/text.h"
#include "events/service.h"
#include "open311/format.h"

namespace wangge::open311 {
namespace {

bool is_open(const std::string& status) {
  return status != "closed" && status != "rejected" && status != "merged" && status != "withdrawn";
}

// A category as an Open311 service; its group is its parent's name.
Record service_record(const events::Category& c, const std::vector<events::Category>& all) {
  std::string group;
  if (c.parent_code) {
    for (const auto& p : all) {
      if (p.code == *c.parent_code) group = p.name_zh;
    }
  }
  return Record{{"service_code", c.code},
                {"service_name", c.name_zh},
                {"description", c.name_en},
                {"metadata", !c.attributes.empty()},
                {"type", "realtime"},
                {"keywords", json::array{json::value(c.name_en)}},
                {"group", group}};
}

}  // namespace

schema::value json_list(bool xml, std::string_view item) {
  return xml ? schema::value() : schema::array(schema::ref(item));
}

Service::Service(storage::Database& db, events::Service& events, bool public_reads)
    : db_(db), events_(events), public_reads_(public_reads) {}

Service::Reader Service::reader(const http::Request& req) {
  auto key = req.query_param("api_key");
  if (key && !key->empty()) return check_key(*key) ? Reader::key : Reader::none;
  return public_reads_ ? Reader::anyone : Reader::none;
}

std::vector<Record> Service::records(const std::vector<events::Event>& events, bool full) {
  auto agencies = events_.department_names();
  std::vector<std::int64_t> ids;
  ids.reserve(events.size());
  for (const auto& e : events) ids.push_back(e.id);
  auto extras = full ? events_.extras_of(ids) : std::map<std::int64_t, events::EventExtras>{};
  // Public answers: about 100 m, so that a report cannot be traced to a household.
  auto coordinate = [full](const std::optional<double>& v) {
    if (!v) return json::value(nullptr);
    return json::value(full ? *v : std::round(*v * 1000) / 1000);
  };
  std::vector<Record> out;
  for (const auto& e : events) {
    std::string name = e.category_code;
    if (auto c = events_.category(e.category_code)) name = c->name_zh;
    std::string agency;
    if (e.department_id) {
      if (auto it = agencies.find(*e.department_id); it != agencies.end()) agency = it->second;
    }
    std::string notes;
    for (const auto& s : events::states()) {
      if (s.state == e.status) notes = std::string(s.name_zh) + " / " + std::string(s.name_en);
    }
    std::optional<std::int64_t> expected = e.handle_due_at ? e.handle_due_at : e.due_at;
    std::string media;
    if (auto it = extras.find(e.id); it != extras.end()) media = it->second.media_url;
    out.push_back(Record{{"service_request_id", std::to_string(e.id)},
                         {"status", is_open(e.status) ? "open" : "closed"},
                         {"status_notes", notes},
                         {"service_name", name},
                         {"service_code", e.category_code},
                         {"description", full ? e.description : std::string()},
                         {"agency_responsible", agency},
                         {"service_notice", ""},
                         {"requested_datetime", json::rfc3339(e.created_at)},
                         {"updated_datetime", json::rfc3339(e.updated_at)},
                         {"expected_datetime", expected ? json::value(json::rfc3339(*expected)) : json::value(nullptr)},
                         {"address", full ? e.address : std::string()},
                         {"address_id", ""},
                         {"zipcode", ""},
                         {"lat", coordinate(e.lat)},
                         {"long", coordinate(e.lng)},
                         {"media_url", media}});
  }
  return out;
}

http::Response Service::post_request(Context& ctx, bool xml) {
  return guarded(xml, [&] {
    auto form = form_fields(ctx.req());
    auto get = [&](const char* k) { return first(form, k); };
    if (!authenticate(ctx, get("api_key")))
      return error(403, xml, "Invalid api_key received -- can't proceed with create_request.");
    if (get("service_code").empty()) return error(400, xml, "service_code was not provided");
    events::ReportInput in;
    in.source = "open311";
    in.category_code = get("service_code");
    in.description = get("description");
    if (in.description.empty()) return error(400, xml, "description was not provided");
    if (json::utf8_length(in.description) > 5000) return error(400, xml, "description: at most 5000 characters");
    auto number = [&](const char* k) -> std::optional<double> {
      std::string v = get(k);
      if (v.empty()) return std::nullopt;
      char* end = nullptr;
      double d = std::strtod(v.c_str(), &end);
      if (!end || *end || !std::isfinite(d)) throw_validation(k, "must be a number", "应为数字");
      return d;
    };
    in.lat = number("lat");
    in.lng = number("long");
    if (!in.lat || !in.lng) return error(400, xml, "lat and long are required (every request is located to a grid)");
    in.address = text::truncate_utf8(get("address_string"), 200);
    in.reporter_name = text::truncate_utf8(text::join_name(get("first_name"), get("last_name")), 50);
    if (!get("phone").empty()) in.phone = get("phone");
    if (!get("email").empty()) in.email = get("email");
    in.media_url = get("media_url");
    in.attributes = attribute_answers(form);
    // Validated, located and sealed here; filed in the group commit and answered when
    // durable (deferred where the backend writes asynchronously).
    struct Filing {
      events::ReportInput in;
      events::Event prepared, filed;
    };
    auto f = std::make_shared<Filing>();
    f->prepared = events_.prepare_report(ctx, in);
    f->in = std::move(in);
    auto file = [this, &ctx, f](storage::Tx& tx) { f->filed = events_.file_report(tx, ctx, f->prepared, f->in); };
    auto answer = [this, xml, f](std::exception_ptr failure) {
      return guarded(xml, [&] {
        if (failure) std::rethrow_exception(failure);
        const events::Event& e = f->filed;
        events_.published(e);
        auto c = events_.category_of(e);
        std::string notice = "已受理，" + std::to_string(c.accept_hours) +
                             " 个工作小时内立案 / Received; filed within " + std::to_string(c.accept_hours) +
                             " working hours";
        return render(201, xml, "service_requests", "request",
                      {{{"service_request_id", std::to_string(e.id)},
                        {"token", e.tracking_code},
                        {"service_notice", notice},
                        {"account_id", nullptr}}});
      });
    };
    return idempotency::answer_when_durable(db_, file, answer);
  });
}

http::Response Service::get_requests(Context& ctx, bool xml) {
  return guarded(xml, [&] {
    const auto& req = ctx.req();
    auto who = reader(req);
    if (who == Reader::none) return error(403, xml, "Invalid api_key received");
    events::store::ListFilter f;
    f.scope_paths = {"/"};
    f.limit = 1000;
    if (auto ids = req.query_param("service_request_id")) {
      for (const auto& id : json::split_list(*ids)) {
        auto n = json::parse_id(id);
        if (!n) return error(400, xml, "service_request_id: integers");
        f.ids.push_back(*n);
      }
      // FixMyStreet asks for every report it holds in one request: up to 10,000 ids.
      if (f.ids.empty() || f.ids.size() > 10000) return error(400, xml, "service_request_id: 1 to 10000 ids");
      f.limit = static_cast<int>(f.ids.size());
    } else {
      if (auto codes = req.query_param("service_code")) f.category_codes = json::split_list(*codes);
      std::int64_t now = storage::now_ms();
      f.from_ms = now - 90LL * 86'400'000;  // the spec's default window
      if (auto t = dates::query_instant(req, "start_date", events_.calendar())) f.from_ms = t;
      if (auto t = dates::query_instant(req, "end_date", events_.calendar())) f.to_ms = t;
      if (auto st = req.query_param("status")) {
        for (const auto& v : json::split_list(*st)) {
          if (v == "open") {
            for (const char* x : {"at_grid", "reported", "accepted", "dispatched", "handling", "handled"})
              f.statuses.emplace_back(x);
          } else if (v == "closed") {
            for (const char* x : {"closed", "rejected", "merged", "withdrawn"}) f.statuses.emplace_back(x);
          } else {
            return error(400, xml, "status: open or closed");
          }
        }
      }
    }
    return render(200, xml, "service_requests", "request", records(events_.query(f), who == Reader::key));
  });
}

namespace {

// The discovery document: where the endpoints are, in which formats.
http::Response discovery(Context& ctx, bool xml) {
  std::string base = "http://" + std::string(ctx.req().header("host").value_or("localhost")) + "/open311/v2/";
  json::object ep{{"specification", "http://wiki.open311.org/GeoReport_v2"},
                  {"url", base},
                  {"changeset", "2026-12-01T00:00:00Z"},
                  {"type", "production"},
                  {"formats", json::array{"text/xml", "application/json"}}};
  return render(200, xml, "discovery", "discovery",
                {{{"changeset", "2026-12-01T00:00:00Z"},
                  {"contact", "Wangge 网格 platform administrator"},
                  {"key_service", "Ask the platform administrator (web console, Open311 API keys)"},
                  {"endpoints", json::array{ep}}}});
}

}  // namespace

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_key_routes(router);  // keys.cpp
  register_request_routes(router);
  register_lookup_routes(router);
  register_update_routes(router);  // updates.cpp
}

// Discovery, services, and requests (POST and GET), each as .xml and .json.
void Service::register_request_routes(http::Router& router) {
  for (bool xml : {true, false}) {
    std::string fmt = xml ? ".xml" : ".json";
    router.add("GET", "/open311/v2/discovery" + fmt,
               {.summary = "Open311 GeoReport v2 discovery",
                .tag = "open311",
                .authenticated = false,
                .response = json_list(xml, "Open311Discovery")},
               [xml](Context& ctx) { return discovery(ctx, xml); });
    router.add("GET", "/open311/v2/services" + fmt,
               {.summary = "Open311 service list (the event categories)",
                .tag = "open311",
                .authenticated = false,
                .response = json_list(xml, "Open311Service")},
               [this, xml](Context&) {
                 auto all = events_.categories();
                 std::vector<Record> out;
                 for (const auto& c : all) {
                   if (c.active && c.parent_code) out.push_back(service_record(c, all));
                 }
                 return render(200, xml, "services", "service", out);
               });
    router.add("POST", "/open311/v2/requests" + fmt,
               {.summary = "Open311: create a service request (form-encoded, api_key required)",
                .tag = "open311",
                .authenticated = false,
                .api_key = true,
                .request_media = "application/x-www-form-urlencoded",
                .request_body = "api_key, service_code, lat, long, description, address_string?, first_name?, "
                                "last_name?, phone?, email? (sealed), media_url?, attribute[code]? (as the service "
                                "definition declares)",
                .response = json_list(xml, "Open311RequestCreated"),
                .statuses = {201, 400, 403},
                .runs = http::Runs::deferred},
               [this, xml](Context& ctx) { return post_request(ctx, xml); });
    router.add("GET", "/open311/v2/requests" + fmt,
               {.summary = "Open311: service requests, filtered (api_key; public without personal fields when "
                           "open311_public_reads is set)",
                .tag = "open311",
                .authenticated = false,
                .api_key = true,
                .query = {{"api_key", "an issued key"},
                          {"service_request_id", "comma-separated ids (other filters are then ignored)"},
                          {"service_code", "comma-separated codes"},
                          {"start_date", "requested at or after (w3 datetime)"},
                          {"end_date", "requested before"},
                          {"status", "open, closed or both comma-separated"}},
                .response = json_list(xml, "Open311Request"),
                .statuses = {200, 400, 403}},
               [this, xml](Context& ctx) { return get_requests(ctx, xml); });
  }
}

// One request, a token, a service definition: the format is the last segment's suffix.
void Service::register_lookup_routes(http::Router& router) {
  // Routes whose last segment is "ID.xml" / "ID.json".
  auto by_suffix = [](const std::string& segment,
                      const std::function<http::Response(const std::string& id, bool xml)>& fn) {
    auto part = split_format(segment);
    if (!part) return error(404, false, "unknown format: use .xml or .json");
    return guarded(part->second, [&] { return fn(part->first, part->second); });
  };
  router.add("GET", "/open311/v2/requests/{request}",
             {.summary = "Open311: one service request, e.g. requests/12.xml (api_key, or public reads)",
              .tag = "open311",
              .authenticated = false,
              .api_key = true,
              .response = schema::array(schema::ref("Open311Request")),
              .statuses = {200, 403, 404}},
             [this, by_suffix](Context& ctx) {
               return by_suffix(ctx.req().param("request"), [&](const std::string& id_text, bool xml) {
                 auto who = reader(ctx.req());
                 if (who == Reader::none) return error(403, xml, "Invalid api_key received");
                 std::optional<events::Event> e;
                 if (auto id = json::parse_id(id_text)) e = events_.find(*id);
                 if (!e) return error(404, xml, "no service request " + id_text);
                 return render(200, xml, "service_requests", "request", records({*e}, who == Reader::key));
               });
             });
  router.add("GET", "/open311/v2/tokens/{token}",
             {.summary = "Open311: the service request id of a token, e.g. tokens/ABC.json (api_key, or public reads)",
              .tag = "open311",
              .authenticated = false,
              .api_key = true,
              .response = schema::array(schema::ref("Open311Token")),
              .statuses = {200, 403, 404}},
             [this, by_suffix](Context& ctx) {
               return by_suffix(ctx.req().param("token"), [&](const std::string& token, bool xml) {
                 if (reader(ctx.req()) == Reader::none) return error(403, xml, "Invalid api_key received");
                 // Tracking codes: 10 characters (before 2026-11) or 14 and more (events::tracking_code).
                 bool plausible = token.size() >= 10 && token.size() <= 24;
                 auto e = plausible ? events_.find_by_tracking(token) : std::nullopt;
                 if (!e) return error(404, xml, "no request with token " + token);
                 return render(200, xml, "service_requests", "request",
                               {{{"service_request_id", std::to_string(e->id)}, {"token", token}}});
               });
             });
  router.add("GET", "/open311/v2/services/{service}",
             {.summary = "Open311: a service definition, e.g. services/0301.xml (the category's extra questions)",
              .tag = "open311",
              .authenticated = false,
              .response = schema::ref("Open311ServiceDefinition"),
              .statuses = {200, 404}},
             [this, by_suffix](Context& ctx) {
               return by_suffix(ctx.req().param("service"), [&](const std::string& code, bool xml) {
                 auto c = events_.category(code);
                 if (!c || !c->active || !c->parent_code) return error(404, xml, "no service " + code);
                 return service_definition(xml, code, c->attributes, ctx.req().prefers_zh());
               });
             });
}

}  // namespace wangge::open311
