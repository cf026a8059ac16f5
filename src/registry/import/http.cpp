// The import routes: upload a CSV file (checked for its encoding and header before a job is
// queued), list jobs, a job with its first errors, its error report as CSV.
#include <boost/json/parse.hpp>

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "registry/import/importer.h"
#include "registry/import/kinds.h"
#include "registry/import/requests.h"
#include "registry/service.h"

namespace wangge::registry {
namespace {

json::object job_json(const store::ImportJob& j, bool with_errors) {
  json::object o{{"id", j.id},
                 {"kind", j.kind},
                 {"status", j.status},
                 {"dry_run", j.dry_run},
                 {"filename", j.filename},
                 {"encoding", j.encoding},
                 {"rows", j.rows_total},
                 {"rows_done", j.rows_done},
                 {"inserted", j.inserted},
                 {"updated", j.updated},
                 {"unchanged", j.unchanged},
                 {"error_count", j.error_count},
                 {"message", j.message},
                 {"created_at", json::rfc3339(j.created_at)},
                 {"finished_at", j.finished_at ? json::value(json::rfc3339(*j.finished_at)) : json::value(nullptr)}};
  if (with_errors) {
    boost::system::error_code ec;
    auto errors = boost::json::parse(j.errors, ec);
    json::array first;
    if (!ec && errors.is_array()) {
      for (const auto& e : errors.as_array()) {
        if (first.size() >= 100) break;
        first.push_back(e);
      }
    }
    o["errors"] = std::move(first);
  }
  return o;
}

// An uploaded file, read in its declared or detected encoding, with a header naming every
// required column of its kind; 4xx otherwise, checked in this order.
import::Upload parse_upload(Context& ctx, bool configured){const auto& req = ctx.req();
import::Upload up;
up.kind = req.query_param("kind").value_or("persons");
const auto* columns = import::columns_of(up.kind);
if (!columns)
  throw Error("invalid_query", "kind", "persons, households, buildings or businesses",
              "应为 persons、households、buildings 或 businesses");
up.permission = import::permission_of(up.kind);
ctx.require_somewhere("registry:person:write");
ctx.require_somewhere(up.permission);
if (!configured) throw Error("internal", "", "imports are not configured", "未配置导入目录");
std::string encoding = req.query_param("encoding").value_or("auto");
if (encoding != "auto" && encoding != "utf-8" && encoding != "gbk")
  throw Error("invalid_query", "encoding", "auto, utf-8 or gbk", "应为 auto、utf-8 或 gbk");
auto dry = req.query_param("dry_run");
up.dry_run = dry && (*dry == "true" || *dry == "1");
auto text = text::to_utf8(req.body, encoding, &up.encoding);
if (!text)
  throw_validation("encoding", "the file is not valid " + up.encoding + " text (save it as UTF-8 or GBK CSV)",
                   "文件不是有效的 " + up.encoding + " 文本（请另存为 UTF-8 或 GBK 编码的 CSV）");
if (text->find('\0') != std::string::npos)
  throw_validation("body", "the file holds NUL characters (is it a CSV file?)", "文件包含空字符（是否为 CSV 文件？）");
csv::Reader reader(*text);
std::vector<std::string> header;
std::string err;
if (!reader.next(header, &err) || !err.empty())
  throw_validation("header", "the first line names the columns", "第一行应为列名");
std::vector<std::string> missing;
import::map_header(*columns, header, &missing);
if (!missing.empty()) {
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
  throw_validation("header", "missing columns: " + list, "缺少列：" + list);
}
up.filename = text::truncate_utf8(req.query_param("filename").value_or(""), 200);
up.text = std::move(*text);
up.bytes = req.body.size();
return up;
}  // namespace

http::Response errors_csv(const store::ImportJob& job) {
  std::string out = "\xEF\xBB\xBF行号 line,列 column,错误 error,error\r\n";
  boost::system::error_code ec;
  auto errors = boost::json::parse(job.errors, ec);
  if (!ec && errors.is_array()) {
    for (const auto& e : errors.as_array()) {
      const auto& o = e.as_object();
      out += std::to_string(o.at("line").to_number<std::int64_t>()) + "," +
             csv::quote(std::string(o.at("column").as_string())) + "," +
             csv::quote(std::string(o.at("message_zh").as_string())) + "," +
             csv::quote(std::string(o.at("message_en").as_string())) + "\r\n";
    }
  }
  http::Response r;
  r.status = 200;
  r.content_type = "text/csv; charset=utf-8";
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"import-" + std::to_string(job.id) + "-errors.csv\"");
  r.body = std::move(out);
  return r;
}

}  // namespace wangge::registry

void Service::register_import_routes(http::Router& router) {
  router.add("POST", "/api/v1/registry/imports",
             {.summary = "Import persons (with their households), households, buildings or businesses from CSV, "
                         "UTF-8 or GBK; checked row by row, applied in the background unless dry_run",
              .tag = "registry",
              .permission = "registry:person:write",  // and the kind's own write permission
              .query = {{"kind", "persons (default), households, buildings or businesses"},
                        {"dry_run", "true: check and count only"},
                        {"encoding", "auto (default), utf-8 or gbk"},
                        {"filename", "the file's name, for the record"}},
              .request_media = "text/csv",
              .request_body = "the CSV file's bytes",
              .response = schema::ref("ImportJob"),
              .statuses = {202, 403, 413, 422},
              .load = http::Load::bulk,
              .body = http::Body::import},
             [this](Context& ctx) {
               auto upload = parse_upload(ctx, importer_ != nullptr);
               return json::respond(202, job_json(import::queue(*this, *importer_, ctx, upload), false));
             });

  router.add("GET", "/api/v1/registry/imports",
             {.summary = "The caller's imports (all of them for an administrator), newest first",
              .tag = "registry",
              .permission = "registry:person:write",
              .response = schema::object({schema::req("items", schema::array(schema::ref("ImportJob")))})},
             [this](Context& ctx) {
               json::array items;
               for (const auto& j : import::list(*this, ctx)) items.push_back(job_json(j, false));
               return json::respond(200, json::object{{"items", std::move(items)}});
             });

  auto load = [this](Context& ctx) {
    ctx.require_somewhere("registry:person:write");
    return import::find(*this, ctx, json::path_id(ctx.req(), "id"));
  };
  router.add("GET", "/api/v1/registry/imports/{id}",
             {.summary = "An import's state, counts and its first 100 row errors",
              .tag = "registry",
              .permission = "registry:person:write",
              .response = schema::ref("ImportJobDetail"),
              .statuses = {200, 404}},
             [load](Context& ctx) { return json::respond(200, job_json(load(ctx), true)); });
  router.add("GET", "/api/v1/registry/imports/{id}/errors.csv",
             {.summary = "An import's row-by-row error report as CSV (line, column, message)",
              .tag = "registry",
              .permission = "registry:person:write",
              .statuses = {200, 404}},
             [load](Context& ctx) { return errors_csv(load(ctx)); });
}

}  // namespace wangge::registry
