// API keys for Open311 clients: issued (shown once), checked by their hash, listed and
// revoked by administrators.
#include <sodium.h>

#include "audit/audit.h"
#include "core/error.h"
#include "core/json.h"
#include "open311/open311.h"
#include "open311/store.h"

namespace wangge::open311 {
namespace {

std::string hash_key(std::string_view key) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(key.data()), key.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

}  // namespace

ApiKey Service::create_key(const Context* ctx, const std::string& name) {
  if (name.empty() || json::utf8_length(name) > 100)
    throw_validation("name", "1 to 100 characters", "应为 1 到 100 个字符");
  unsigned char raw[24];
  randombytes_buf(raw, sizeof raw);
  char b64[sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  ApiKey k;
  k.name = name;
  k.key = std::string("wg311_") + b64;
  k.created_at = storage::now_ms();
  db_.write([&](storage::Tx& tx) {
    k.id = store::insert_key(tx, name, hash_key(k.key), ctx ? ctx->actor_id() : std::nullopt, k.created_at);
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

std::optional<ApiKey> Service::find_key(const std::string& key) {
  if (key.empty() || key.size() > 200) return std::nullopt;
  return db_.read_value<std::optional<ApiKey>>([&](storage::Tx& tx) -> std::optional<ApiKey> {
    auto r = store::active_key(tx, hash_key(key));
    if (!r) return std::nullopt;
    return ApiKey{r->id, std::move(r->name), "", r->created_at, std::nullopt};
  });
}

std::optional<std::int64_t> Service::check_key(const std::string& key) {
  auto k = find_key(key);
  return k ? std::optional<std::int64_t>(k->id) : std::nullopt;
}

bool Service::authenticate(Context& ctx, const std::string& key) {
  auto k = find_key(key);
  if (k) ctx.set_client("open311:" + k->name);
  return k.has_value();
}

std::vector<ApiKey> Service::list_keys(const Context& ctx) {
  ctx.require("open311:apikey:write", "/");
  std::vector<ApiKey> out;
  db_.read([&](storage::Tx& tx) {
    for (auto& r : store::keys(tx)) out.push_back(ApiKey{r.id, std::move(r.name), "", r.created_at, r.revoked_at});
  });
  return out;
}

void Service::revoke_key(const Context& ctx, std::int64_t n) {
  std::string id = std::to_string(n);
  db_.write([&](storage::Tx& tx) {
    if (!store::revoke_key(tx, n, storage::now_ms()))
      throw_not_found("no active api key " + id, "API 密钥不存在或已吊销");
    audit::append(tx, audit::entry(ctx, "open311:apikey:revoke", "apikey:" + id));
  });
}

void Service::register_key_routes(http::Router& router) {
  // --- key administration ---
  router.add("GET", "/api/v1/api-keys",
             {.summary = "API keys for Open311 clients (never the keys themselves)",
              .tag = "open311",
              .permission = "open311:apikey:write",
              .response = schema::object({schema::req("items", schema::array(schema::ref("ApiKey")))})},
             [this](Context& ctx) {
               json::array items;
               for (const auto& k : list_keys(ctx))
                 items.push_back(json::object{
                     {"id", k.id},
                     {"name", k.name},
                     {"created_at", json::rfc3339(k.created_at)},
                     {"revoked_at", k.revoked_at ? json::value(json::rfc3339(*k.revoked_at)) : json::value(nullptr)}});
               return json::respond(200, json::object{{"items", std::move(items)}});
             });
  router.add(
      "POST", "/api/v1/api-keys",
      {.summary = "Issue an API key (shown once in the answer)",
       .tag = "open311",
       .permission = "open311:apikey:write",
       .request = schema::object({schema::req("name", schema::str(100, 1))}, schema::closed),
       .response = schema::ref("NewApiKey"),
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
        revoke_key(ctx, json::path_id(ctx.req(), "id"));
        return http::Response::no_content();
      });
}

}  // namespace wangge::open311
