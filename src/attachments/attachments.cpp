#include "attachments/attachments.h"

#include <sodium.h>

#include <filesystem>

#include "attachments/store.h"
#include "audit/audit.h"
#include "core/error.h"
#include "core/files.h"
#include "core/json.h"

namespace wangge::attachments {
namespace {

std::string sha256_hex(std::string_view bytes) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

bool plausible_hash(const std::string& h) {
  return h.size() == 64 && std::all_of(h.begin(), h.end(), [](char c) { return std::isxdigit(c) && !std::isupper(c); });
}

}  // namespace

Service::Service(storage::Database& db, files::FileStore& files, const Crypto& crypto, std::int64_t max_bytes)
    : db_(db), files_(files), crypto_(crypto), max_bytes_(max_bytes) {}

std::string Service::name_of(const std::string& hash) {
  return "attachments/" + hash.substr(0, 2) + "/" + hash.substr(2, 2) + "/" + hash;
}

Attachment Service::store(const Context& ctx, std::string_view bytes) {
  if (bytes.empty()) throw Error("validation", "body", "the upload is empty", "上传内容为空");
  if (static_cast<std::int64_t>(bytes.size()) > max_bytes_) throw Error("payload_too_large", "body");
  auto type = sniff(bytes);
  if (!type) {
    throw Error("unsupported_media_type", "body", "only JPEG, PNG, WebP, PDF, MP4, M4A and MP3 files are accepted",
                "只接受 JPEG、PNG、WebP、PDF、MP4、M4A 和 MP3 文件");
  }
  Verdict v = check(bytes, *type);
  if (!v.ok) throw Error("unsupported_media_type", "body", v.reason_en, v.reason_zh);
  Attachment a{sha256_hex(bytes), *type, static_cast<std::int64_t>(bytes.size()), ctx.actor_id()};
  // The file first: a row never lacks its file.
  if (!files_.exists(name_of(a.hash))) files_.put(name_of(a.hash), bytes);
  db_.write([&](storage::Tx& tx) {
    bool known = store::exists(tx, a.hash);
    if (!known) store::insert(tx, a.hash, a.media_type, a.size, a.created_by, storage::now_ms());
    // Whoever sends the bytes has them: each uploader may use and see the file.
    if (a.created_by) store::add_uploader(tx, a.hash, *a.created_by, storage::now_ms());
    audit::append(tx, audit::entry(ctx, "attachments:file:upload", a.hash,
                                   {{"type", a.media_type}, {"size", a.size}, {"new", !known}}));
  });
  return a;
}

bool Service::may_see(storage::Tx& tx, const Context& ctx, const std::string& hash) {
  if (!ctx.authenticated()) return false;
  if (store::is_uploader(tx, hash, ctx.user().user_id)) return true;
  for (const auto& [kind, owner_id] : store::owners(tx, hash)) {
    for (const auto& [k, check] : checks_) {
      if (k == kind && check(tx, ctx, owner_id)) return true;
    }
  }
  return false;
}

void Service::link(storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes,
                   const std::string& owner_kind, std::int64_t owner_id, const std::string& field) {
  for (const auto& h : hashes) {
    bool exists = plausible_hash(h) && store::exists(tx, h);
    if (!exists || !may_see(tx, ctx, h))
      throw_validation(field, "no attachment " + h + " that you uploaded or may see",
                       "附件 " + h + " 不存在，或不是您上传或有权查看的附件");
    store::link(tx, h, owner_kind, owner_id);
  }
}

std::size_t Service::seal_existing() {
  namespace fs = std::filesystem;
  auto root = files_.directory();
  if (!root) return 0;
  const std::string dir = *root + "/attachments";
  std::string marker = dir + "/.sealed";
  std::error_code ec;
  if (!fs::exists(dir, ec) || fs::exists(marker, ec)) return 0;
  std::size_t sealed = 0;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string name = it->path().filename().string();
    if (name.find(".tmp") != std::string::npos) {  // a crash's leftover (the rename never happened)
      fs::remove(it->path(), ec);
      continue;
    }
    if (name.size() == 64 && files::seal_in_place(it->path().string(), crypto_)) ++sealed;
  }
  files::write_durably(marker, "attachments sealed under the data key\n");
  return sealed;
}

std::pair<std::string, std::string> Service::download(const Context& ctx, const std::string& hash) {
  std::optional<std::string> media_type;
  bool allowed = false;
  if (plausible_hash(hash)) {
    db_.read([&](storage::Tx& tx) {
      media_type = store::media_type(tx, hash);
      if (media_type) allowed = may_see(tx, ctx, hash);
    });
  }
  if (!media_type) throw_not_found("no attachment " + hash, "附件不存在");
  if (!allowed) throw Error("forbidden", {}, "you may not see this attachment", "您无权查看该附件");
  auto bytes = files_.get(name_of(hash));
  if (!bytes) throw std::runtime_error("attachment " + hash + " has a row but no file in " + files_.where());
  return {*media_type, std::move(*bytes)};
}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  router.add(
      "POST", "/api/v1/attachments",
      {.summary = "Upload a photo, video or document (the raw bytes as the body); answers its hash",
       .tag = "attachments",
       .permission = "events:event:report",
       .request_media = "application/octet-stream",
       .request_body = "the file's bytes (JPEG, PNG, WebP, PDF, MP4, M4A, MP3), up to max_upload_bytes",
       .response = schema::ref("Attachment"),
       .statuses = {201, 413, 415, 422},
       .load = http::Load::bulk,
       .body = http::Body::upload},
      [this](Context& ctx) {
        ctx.require_somewhere("events:event:report");
        Attachment a = store(ctx, ctx.req().body);
        return json::respond(201, json::object{{"hash", a.hash}, {"media_type", a.media_type}, {"size", a.size}});
      });
  router.add("GET", "/api/v1/attachments/{hash}",
             {.summary = "Download an attachment (its uploaders, or those who may see a record using it)",
              .tag = "attachments",
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto [media_type, bytes] = download(ctx, ctx.req().param("hash"));
               http::Response r;
               r.status = 200;
               r.content_type = std::move(media_type);
               r.body = std::move(bytes);
               r.set_header("Cache-Control", "private, max-age=86400, immutable");
               r.set_header("X-Content-Type-Options", "nosniff");
               return r;
             });
}

}  // namespace wangge::attachments
