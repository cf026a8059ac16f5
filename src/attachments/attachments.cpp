#include "attachments/attachments.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "audit/audit.h"
#include "core/error.h"
#include "core/json.h"

namespace wangge::attachments {
namespace {

bool starts(std::string_view b, std::string_view sig, std::size_t at = 0) {
  return b.size() >= at + sig.size() && b.substr(at, sig.size()) == sig;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

// Writes the file durably: a temporary file, fsync, rename, fsync of the directory.
void write_durably(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  fs::create_directories(fs::path(path).parent_path());
  std::string tmp = path + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(randombytes_random());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) throw std::runtime_error("cannot create " + tmp + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw std::runtime_error("cannot write " + tmp + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot sync " + tmp);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot rename " + tmp);
  }
  int dfd = ::open(fs::path(path).parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace

std::optional<std::string> sniff(std::string_view b) {
  if (starts(b, "\xFF\xD8\xFF")) return "image/jpeg";
  if (starts(b, "\x89PNG\r\n\x1A\n")) return "image/png";
  if (starts(b, "RIFF") && starts(b, "WEBP", 8)) return "image/webp";
  if (starts(b, "%PDF-")) return "application/pdf";
  // ISO base media: a box of type ftyp first, with an MP4-family brand.
  if (starts(b, "ftyp", 4) && b.size() >= 12) {
    std::string_view brand = b.substr(8, 4);
    for (std::string_view ok : {"isom", "iso2", "mp41", "mp42", "avc1", "M4V ", "dash", "3gp4", "3gp5", "qt  "}) {
      if (brand == ok) return "video/mp4";
    }
  }
  return std::nullopt;
}

Service::Service(storage::Database& db, std::string dir, std::int64_t max_bytes)
    : db_(db), dir_(std::move(dir)), max_bytes_(max_bytes) {}

std::string Service::path_of(const std::string& hash) const {
  return dir_ + "/" + hash.substr(0, 2) + "/" + hash.substr(2, 2) + "/" + hash;
}

Attachment Service::store(const Context& ctx, std::string_view bytes) {
  if (bytes.empty()) throw Error("validation", "body", "the upload is empty", "上传内容为空");
  if (static_cast<std::int64_t>(bytes.size()) > max_bytes_) throw Error("payload_too_large", "body");
  auto type = sniff(bytes);
  if (!type) {
    throw Error("unsupported_media_type", "body", "only JPEG, PNG, WebP, PDF and MP4 files are accepted",
                "只接受 JPEG、PNG、WebP、PDF 和 MP4 文件");
  }
  Attachment a{sha256_hex(bytes), *type, static_cast<std::int64_t>(bytes.size()), ctx.actor_id()};
  std::string path = path_of(a.hash);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) write_durably(path, bytes);  // the file first: a row never lacks its file
  db_.write([&](storage::Tx& tx) {
    if (!tx.exec("SELECT 1 FROM attachments WHERE hash = ?", {a.hash}).empty()) return;
    tx.exec("INSERT INTO attachments (hash, media_type, size, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
            {a.hash, a.media_type, a.size, a.created_by ? storage::Value(*a.created_by) : storage::Value(nullptr),
             storage::now_ms()});
    audit::append(tx, audit::entry(ctx, "attachments:file:upload", a.hash, {{"type", a.media_type}, {"size", a.size}}));
  });
  return a;
}

void Service::link(storage::Tx& tx, const std::vector<std::string>& hashes, const std::string& owner_kind,
                   std::int64_t owner_id, const std::string& field) {
  for (const auto& h : hashes) {
    if (tx.exec("SELECT 1 FROM attachments WHERE hash = ?", {h}).empty())
      throw_validation(field, "no uploaded attachment " + h, "附件 " + h + " 未上传");
    tx.exec("INSERT INTO attachment_links (hash, owner_kind, owner_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            {h, owner_kind, owner_id});
  }
}

void Service::register_routes(http::Router& router) {
  router.add(
      "POST", "/api/v1/attachments",
      {.summary = "Upload a photo, video or document (the raw bytes as the body); answers its hash",
       .tag = "attachments",
       .permission = "events:event:report",
       .request_body = "the file's bytes (JPEG, PNG, WebP, PDF, MP4), up to max_upload_bytes",
       .statuses = {201, 413, 415, 422}},
      [this](Context& ctx) {
        ctx.require_somewhere("events:event:report");
        Attachment a = store(ctx, ctx.req().body);
        return json::respond(201, json::object{{"hash", a.hash}, {"media_type", a.media_type}, {"size", a.size}});
      });
  router.add(
      "GET", "/api/v1/attachments/{hash}",
      {.summary = "Download an attachment (its uploader, or those who may see a record using it)",
       .tag = "attachments",
       .statuses = {200, 403, 404}},
      [this](Context& ctx) {
        const std::string& hash = ctx.req().param("hash");
        std::optional<Attachment> a;
        std::vector<std::pair<std::string, std::int64_t>> owners;
        db_.read([&](storage::Tx& tx) {
          auto res = tx.exec("SELECT media_type, size, created_by FROM attachments WHERE hash = ?", {hash});
          if (res.empty()) return;
          a = Attachment{hash, res.rows[0].str(0), res.rows[0].i64(1), res.rows[0].opt_i64(2)};
          for (const auto& r :
               tx.exec("SELECT owner_kind, owner_id FROM attachment_links WHERE hash = ? LIMIT 100", {hash}).rows)
            owners.emplace_back(r.str(0), r.i64(1));
        });
        if (!a) throw_not_found("no attachment " + hash, "附件不存在");
        bool allowed = a->created_by && *a->created_by == ctx.user().user_id;
        for (const auto& [kind, id] : owners) {
          for (const auto& [k, check] : checks_) {
            if (!allowed && k == kind && check(ctx, id)) allowed = true;
          }
        }
        if (!allowed) throw Error("forbidden", {}, "you may not see this attachment", "您无权查看该附件");
        std::ifstream in(path_of(hash), std::ios::binary);
        if (!in) throw Error("internal", {}, "attachment file missing", "附件文件缺失");
        std::stringstream buf;
        buf << in.rdbuf();
        http::Response r;
        r.status = 200;
        r.content_type = a->media_type;
        r.body = buf.str();
        r.set_header("Cache-Control", "private, max-age=86400, immutable");
        r.set_header("X-Content-Type-Options", "nosniff");
        return r;
      });
}

}  // namespace wangge::attachments
