#include "open311/open311.h"

#include <sodium.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <boost/url/parse_query.hpp>
#include <map>

#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/idempotency.h"
#include "core/json.h"
#include "events/service.h"

namespace wangge::open311 {
namespace {

std::string hash_key(std::string_view key) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(key.data()), key.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

// An Open311 answer: a list of records (each an ordered list of fields) rendered as XML
// or JSON.
struct Field {
  template <typename V>
  Field(std::string k, const V& v) : first(std::move(k)), second(boost::json::value_from(v)) {}
  std::string first;
  json::value second;
};
using Record = std::vector<Field>;

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string xml_value(const json::value& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return xml_escape(v.as_string());
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  return json::to_text(v);
}

http::Response render(int status, bool xml, const std::string& list_tag, const std::string& item_tag,
                      const std::vector<Record>& records) {
  http::Response r;
  r.status = status;
  if (xml) {
    r.content_type = "text/xml; charset=utf-8";
    std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<" + list_tag + ">";
    for (const auto& rec : records) {
      out += "<" + item_tag + ">";
      for (const auto& [k, v] : rec) {
        if (v.is_array()) {  // e.g. keywords, endpoints' formats: repeated elements
          out += "<" + k + ">";
          for (const auto& x : v.as_array()) {
            if (x.is_object()) {
              out += "<endpoint>";
              for (const auto& kv : x.as_object()) {
                std::string key(kv.key());
                if (kv.value().is_array()) {
                  out += "<" + key + ">";
                  for (const auto& f : kv.value().as_array()) out += "<format>" + xml_value(f) + "</format>";
                  out += "</" + key + ">";
                } else {
                  out += "<" + key + ">" + xml_value(kv.value()) + "</" + key + ">";
                }
              }
              out += "</endpoint>";
            } else {
              out += xml_value(x) + (x == v.as_array().back() ? "" : ",");
            }
          }
          out += "</" + k + ">";
        } else {
          out += "<" + k + ">" + xml_value(v) + "</" + k + ">";
        }
      }
      out += "</" + item_tag + ">";
    }
    r.body = out + "</" + list_tag + ">\n";
  } else {
    r.content_type = "application/json; charset=utf-8";
    json::array arr;
    for (const auto& rec : records) {
      json::object o;
      for (const auto& [k, v] : rec) o[k] = v;
      arr.push_back(std::move(o));
    }
    r.body = json::to_text(arr);
  }
  return r;
}

http::Response error(int status, bool xml, const std::string& description) {
  return render(status, xml, "errors", "error", {{{"code", status}, {"description", description}}});
}

// Splits "requests.xml" into ("requests", xml?); nullopt for an unknown suffix.
std::optional<std::pair<std::string, bool>> split_format(const std::string& segment) {
  auto dot = segment.rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  std::string fmt = segment.substr(dot + 1);
  if (fmt != "xml" && fmt != "json") return std::nullopt;
  return std::make_pair(segment.substr(0, dot), fmt == "xml");
}

std::map<std::string, std::string> form_fields(const http::Request& req) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : req.query) out.emplace(k, v);
  auto type = req.header("content-type").value_or("");
  if (!req.body.empty()) {
    if (type.find("application/x-www-form-urlencoded") == std::string_view::npos && !type.empty())
      throw Error("unsupported_media_type", {}, "POST requests are form-encoded (application/x-www-form-urlencoded)",
                  "应为表单编码（application/x-www-form-urlencoded）");
    auto parsed = boost::urls::parse_query(req.body);
    if (!parsed) throw Error("bad_request", {}, "malformed form body", "表单格式错误");
    boost::urls::encoding_opts opt;
    opt.space_as_plus = true;  // form encoding: '+' is a space
    for (auto p : *parsed) {
      std::string k = p.key.decode(opt), v = p.has_value ? p.value.decode(opt) : std::string();
      if (!json::valid_utf8(k) || !json::valid_utf8(v)) throw Error("invalid_utf8", k);
      out[k] = v;
    }
  }
  return out;
}

bool is_open(const std::string& status) {
  return status != "closed" && status != "rejected" && status != "merged" && status != "withdrawn";
}

}  // namespace

Service::Service(storage::Database& db, events::Service& events) : db_(db), events_(events) {}

ApiKey Service::create_key(const Context* ctx, const std::string& name) {
  if (name.empty() || name.size() > 100) throw_validation("name", "1 to 100 characters", "应为 1 到 100 个字符");
  unsigned char raw[24];
  randombytes_buf(raw, sizeof raw);
  char b64[sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  ApiKey k;
  k.name = name;
  k.key = std::string("wg311_") + b64;
  k.created_at = storage::now_ms();
  db_.write([&](storage::Tx& tx) {
    k.id = tx.insert_id(
        "INSERT INTO api_keys (name, key_hash, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id",
        {name, hash_key(k.key), ctx && ctx->actor_id() ? storage::Value(*ctx->actor_id()) : storage::Value(nullptr),
         k.created_at});
    audit::Entry e;
    if (ctx)
      e = audit::entry(*ctx, "open311:apikey:create", "apikey:" + std::to_string(k.id), {{"name", name}});
    else {
      e.actor = "cli";
      e.action = "open311:apikey:create";
      e.target = "apikey:" + std::to_string(k.id);
      e.detail = json::to_text(json::object{{"name", name}});
    }
    audit::append(tx, e);
  });
  return k;
}

std::optional<std::int64_t> Service::check_key(const std::string& key) {
  if (key.empty() || key.size() > 200) return std::nullopt;
  return db_.read_value<std::optional<std::int64_t>>([&](storage::Tx& tx) -> std::optional<std::int64_t> {
    auto res = tx.exec("SELECT id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", {hash_key(key)});
    if (res.empty()) return std::nullopt;
    return res.one().i64(0);
  });
}

void Service::register_routes(http::Router& router) {
  // --- key administration ---
  router.add("GET", "/api/v1/api-keys",
             {.summary = "API keys for Open311 clients (never the keys themselves)",
              .tag = "open311",
              .permission = "open311:apikey:write"},
             [this](Context& ctx) {
               ctx.require("open311:apikey:write", "/");
               json::array items;
               db_.read([&](storage::Tx& tx) {
                 for (const auto& r : tx.exec("SELECT id, name, created_at, revoked_at FROM api_keys ORDER BY id").rows)
                   items.push_back(json::object{
                       {"id", r.i64(0)},
                       {"name", r.str(1)},
                       {"created_at", json::rfc3339(r.i64(2))},
                       {"revoked_at", r.is_null(3) ? json::value(nullptr) : json::value(json::rfc3339(r.i64(3)))}});
               });
               return json::respond(200, json::object{{"items", std::move(items)}});
             });
  router.add(
      "POST", "/api/v1/api-keys",
      {.summary = "Issue an API key (shown once in the answer)",
       .tag = "open311",
       .permission = "open311:apikey:write",
       .request_body = "{name}",
       .statuses = {201, 422}},
      [this](Context& ctx) {
        ctx.require("open311:apikey:write", "/");
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"name"});
        ApiKey k = create_key(&ctx, json::get_string(body, "name", 100));
        return json::respond(
            201,
            json::object{{"id", k.id}, {"name", k.name}, {"key", k.key}, {"created_at", json::rfc3339(k.created_at)}});
      });
  router.add(
      "DELETE", "/api/v1/api-keys/{id}",
      {.summary = "Revoke an API key", .tag = "open311", .permission = "open311:apikey:write", .statuses = {204, 404}},
      [this](Context& ctx) {
        ctx.require("open311:apikey:write", "/");
        std::int64_t n = json::path_id(ctx.req(), "id");
        std::string id = std::to_string(n);
        db_.write([&](storage::Tx& tx) {
          if (tx.exec("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", {storage::now_ms(), n})
                  .changes == 0)
            throw_not_found("no active api key " + id, "API 密钥不存在或已吊销");
          audit::append(tx, audit::entry(ctx, "open311:apikey:revoke", "apikey:" + id));
        });
        return http::Response::no_content();
      });

  // --- GeoReport v2 ---
  auto service_record = [](const events::Category& c, const std::vector<events::Category>& all) {
    std::string group;
    if (c.parent_code) {
      for (const auto& p : all) {
        if (p.code == *c.parent_code) group = p.name_zh;
      }
    }
    return Record{
        {"service_code", c.code}, {"service_name", c.name_zh}, {"description", c.name_en},
        {"metadata", false},      {"type", "realtime"},        {"keywords", json::array{json::value(c.name_en)}},
        {"group", group}};
  };
  // One record; `agencies` maps department ids to names (loaded once per answer).
  auto request_record = [this](const events::Event& e, const std::map<std::int64_t, std::string>& agencies) {
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
    json::value media = nullptr;
    return Record{{"service_request_id", std::to_string(e.id)},
                  {"status", is_open(e.status) ? "open" : "closed"},
                  {"status_notes", notes},
                  {"service_name", name},
                  {"service_code", e.category_code},
                  {"description", e.description},
                  {"agency_responsible", agency},
                  {"service_notice", ""},
                  {"requested_datetime", json::rfc3339(e.created_at)},
                  {"updated_datetime", json::rfc3339(e.updated_at)},
                  {"expected_datetime", expected ? json::value(json::rfc3339(*expected)) : json::value(nullptr)},
                  {"address", e.address},
                  {"address_id", ""},
                  {"zipcode", ""},
                  {"lat", e.lat ? json::value(*e.lat) : json::value(nullptr)},
                  {"long", e.lng ? json::value(*e.lng) : json::value(nullptr)},
                  {"media_url", media}};
  };
  // Every Open311 handler answers the spec's error list, never problem+json.
  auto guarded = [](bool xml, const std::function<http::Response()>& fn) {
    try {
      return fn();
    } catch (const Error& e) {
      int status = error_spec(e.code()).status;
      if (status == 422 || status == 415) status = 400;
      if (status != 403 && status != 404 && status >= 400 && status < 500) status = 400;
      std::string what = e.field().empty() ? e.detail_en() : e.field() + ": " + e.detail_en();
      if (what.empty()) what = std::string(error_spec(e.code()).title_en);
      return error(status >= 500 ? 500 : status, xml, what);
    }
  };

  for (bool xml : {true, false}) {
    std::string fmt = xml ? ".xml" : ".json";
    router.add(
        "GET", "/open311/v2/discovery" + fmt,
        {.summary = "Open311 GeoReport v2 discovery", .tag = "open311", .authenticated = false}, [xml](Context& ctx) {
          std::string base = "http://" + std::string(ctx.req().header("host").value_or("localhost")) + "/open311/v2/";
          json::object ep{{"specification", "http://wiki.open311.org/GeoReport_v2"},
                          {"url", base},
                          {"changeset", "2026-11-23T00:00:00Z"},
                          {"type", "production"},
                          {"formats", json::array{"text/xml", "application/json"}}};
          return render(200, xml, "discovery", "discovery",
                        {{{"changeset", "2026-11-23T00:00:00Z"},
                          {"contact", "Wangge 网格 platform administrator"},
                          {"key_service", "Ask the platform administrator (web console, Open311 API keys)"},
                          {"endpoints", json::array{ep}}}});
        });
    router.add("GET", "/open311/v2/services" + fmt,
               {.summary = "Open311 service list (the event categories)", .tag = "open311", .authenticated = false},
               [this, xml, service_record](Context&) {
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
                .request_body = "api_key, service_code, lat, long, address_string?, description, first_name?, "
                                "last_name?, phone?, email? (not stored), media_url? (ignored)",
                .statuses = {201, 400, 403}},
               [this, xml, guarded](Context& ctx) {
                 return guarded(xml, [&] {
                   auto form = form_fields(ctx.req());
                   auto get = [&](const char* k) { return form.count(k) ? form[k] : std::string(); };
                   if (!check_key(get("api_key")))
                     return error(403, xml, "Invalid api_key received -- can't proceed with create_request.");
                   if (get("service_code").empty()) return error(400, xml, "service_code was not provided");
                   events::ReportInput in;
                   in.source = "open311";
                   in.category_code = get("service_code");
                   in.description = get("description");
                   if (in.description.empty()) return error(400, xml, "description was not provided");
                   if (json::utf8_length(in.description) > 5000)
                     return error(400, xml, "description: at most 5000 characters");
                   auto number = [&](const char* k) -> std::optional<double> {
                     std::string v = get(k);
                     if (v.empty()) return std::nullopt;
                     char* end = nullptr;
                     double d = std::strtod(v.c_str(), &end);
                     if (!end || *end) throw_validation(k, "must be a number", "应为数字");
                     return d;
                   };
                   in.lat = number("lat");
                   in.lng = number("long");
                   if (!in.lat || !in.lng)
                     return error(400, xml, "lat and long are required (every request is located to a grid)");
                   in.address = get("address_string").substr(0, 200);
                   in.reporter_name = (get("last_name") + get("first_name")).substr(0, 50);
                   if (!get("phone").empty()) in.phone = get("phone");
                   // Validated, located and sealed here; filed in the group commit and answered
                   // when durable (deferred where the backend writes asynchronously).
                   struct Filing {
                     events::ReportInput in;
                     events::Event prepared, filed;
                   };
                   auto f = std::make_shared<Filing>();
                   f->prepared = events_.prepare_report(ctx, in);
                   f->in = std::move(in);
                   auto file = [this, &ctx, f](storage::Tx& tx) {
                     f->filed = events_.file_report(tx, ctx, f->prepared, f->in);
                   };
                   auto answer = [this, xml, f, guarded](std::exception_ptr error) {
                     return guarded(xml, [&] {
                       if (error) std::rethrow_exception(error);
                       const events::Event& e = f->filed;
                       events_.published(e);
                       auto c = events_.category_or_throw(e.category_code);
                       std::string notice = "已受理，" + std::to_string(c.accept_hours) +
                                            " 个工作小时内立案 / Received; filed within " +
                                            std::to_string(c.accept_hours) + " working hours";
                       return render(201, xml, "service_requests", "request",
                                     {{{"service_request_id", std::to_string(e.id)},
                                       {"token", e.tracking_code},
                                       {"service_notice", notice},
                                       {"account_id", nullptr}}});
                     });
                   };
                   return idempotency::answer_when_durable(db_, file, answer);
                 });
               });
    router.add("GET", "/open311/v2/requests" + fmt,
               {.summary = "Open311: service requests (api_key required), filtered",
                .tag = "open311",
                .authenticated = false,
                .api_key = true,
                .query = {{"api_key", "an issued key", true},
                          {"service_request_id", "comma-separated ids (other filters are then ignored)"},
                          {"service_code", "comma-separated codes"},
                          {"start_date", "requested at or after (w3 datetime)"},
                          {"end_date", "requested before"},
                          {"status", "open, closed or both comma-separated"}},
                .statuses = {200, 400, 403}},
               [this, xml, guarded, request_record](Context& ctx) {
                 return guarded(xml, [&] {
                   const auto& req = ctx.req();
                   if (!check_key(req.query_param("api_key").value_or("")))
                     return error(403, xml, "Invalid api_key received");
                   events::store::ListFilter f;
                   f.scope_paths = {"/"};
                   f.limit = 1000;
                   if (auto ids = req.query_param("service_request_id")) {
                     for (const auto& id : json::split_list(*ids)) {
                       auto n = json::parse_id(id);
                       if (!n) return error(400, xml, "service_request_id: integers");
                       f.ids.push_back(*n);
                     }
                     if (f.ids.empty() || f.ids.size() > 1000)
                       return error(400, xml, "service_request_id: 1 to 1000 ids");
                   } else {
                     if (auto codes = req.query_param("service_code")) f.category_codes = json::split_list(*codes);
                     std::int64_t now = storage::now_ms();
                     f.from_ms = now - 90LL * 86'400'000;  // the spec's default window
                     if (auto t = dates::query_instant(req, "start_date", events_.calendar())) f.from_ms = t;
                     if (auto t = dates::query_instant(req, "end_date", events_.calendar())) f.to_ms = t;
                     if (auto st = req.query_param("status")) {
                       for (const auto& v : json::split_list(*st)) {
                         if (v == "open") {
                           for (const char* x : {"reported", "accepted", "dispatched", "handling", "handled"})
                             f.statuses.emplace_back(x);
                         } else if (v == "closed") {
                           for (const char* x : {"closed", "rejected", "merged", "withdrawn"})
                             f.statuses.emplace_back(x);
                         } else {
                           return error(400, xml, "status: open or closed");
                         }
                       }
                     }
                   }
                   std::vector<Record> out;
                   auto agencies = events_.department_names();
                   for (const auto& e : events_.query(f)) out.push_back(request_record(e, agencies));
                   return render(200, xml, "service_requests", "request", out);
                 });
               });
  }

  // Routes whose last segment is "ID.xml" / "ID.json".
  auto by_suffix = [guarded](const std::string& segment,
                             const std::function<http::Response(const std::string& id, bool xml)>& fn) {
    auto part = split_format(segment);
    if (!part) return error(404, false, "unknown format: use .xml or .json");
    return guarded(part->second, [&] { return fn(part->first, part->second); });
  };
  router.add("GET", "/open311/v2/requests/{request}",
             {.summary = "Open311: one service request, e.g. requests/12.xml (api_key required)",
              .tag = "open311",
              .authenticated = false,
              .api_key = true,
              .statuses = {200, 403, 404}},
             [this, by_suffix, request_record](Context& ctx) {
               return by_suffix(ctx.req().param("request"), [&](const std::string& id_text, bool xml) {
                 if (!check_key(ctx.req().query_param("api_key").value_or("")))
                   return error(403, xml, "Invalid api_key received");
                 std::optional<events::Event> e;
                 if (auto id = json::parse_id(id_text)) e = events_.find(*id);
                 if (!e) return error(404, xml, "no service request " + id_text);
                 return render(200, xml, "service_requests", "request",
                               {request_record(*e, events_.department_names())});
               });
             });
  router.add("GET", "/open311/v2/tokens/{token}",
             {.summary = "Open311: the service request id of a token, e.g. tokens/ABC.json (api_key required)",
              .tag = "open311",
              .authenticated = false,
              .api_key = true,
              .statuses = {200, 403, 404}},
             [this, by_suffix](Context& ctx) {
               return by_suffix(ctx.req().param("token"), [&](const std::string& token, bool xml) {
                 if (!check_key(ctx.req().query_param("api_key").value_or("")))
                   return error(403, xml, "Invalid api_key received");
                 // Tracking codes: 10 characters (before 2026-11) or 14 and more (events::tracking_code).
                 bool plausible = token.size() >= 10 && token.size() <= 24;
                 auto e = plausible ? events_.find_by_tracking(token) : std::nullopt;
                 if (!e) return error(404, xml, "no request with token " + token);
                 return render(200, xml, "service_requests", "request",
                               {{{"service_request_id", std::to_string(e->id)}, {"token", token}}});
               });
             });
  router.add("GET", "/open311/v2/services/{service}",
             {.summary = "Open311: a service definition, e.g. services/0301.xml (no extra attributes)",
              .tag = "open311",
              .authenticated = false,
              .statuses = {200, 404}},
             [this, by_suffix](Context& ctx) {
               return by_suffix(ctx.req().param("service"), [&](const std::string& code, bool xml) {
                 auto c = events_.category(code);
                 if (!c || !c->active || !c->parent_code) return error(404, xml, "no service " + code);
                 if (xml) {
                   http::Response r;
                   r.content_type = "text/xml; charset=utf-8";
                   r.body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_definition><service_code>" +
                            xml_escape(code) + "</service_code><attributes></attributes></service_definition>\n";
                   return r;
                 }
                 return json::respond(200, json::object{{"service_code", code}, {"attributes", json::array()}});
               });
             });
}

}  // namespace wangge::open311
