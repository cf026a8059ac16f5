// The import routes: upload a CSV file or an .xlsx workbook (checked for its encoding or
// structure and its header before a job is queued), download a template, list jobs, a job with its first errors, its
// error report as CSV.
#include <boost/json/parse.hpp>

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "registry/import/importer.h"
#include "registry/import/kinds.h"
#include "registry/import/requests.h"
#include "registry/import/source.h"
#include "registry/import/template.h"
#include "registry/service.h"
#include "territory/service.h"

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

// The header's missing required columns refuse the file (422).
void check_header(const std::vector<import::Column>& columns, const std::vector<std::string>& header) {
  std::vector<std::string> missing;
  import::map_header(columns, header, &missing);
  if (missing.empty()) return;
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
  throw_validation("header", "missing columns: " + list, "缺少列：" + list);
}

// A CSV file read in its declared or detected encoding.
void read_csv(const http::Request& req, const std::vector<import::Column>& columns, import::Upload& up) {
  std::string encoding = req.query_param("encoding").value_or("auto");
  if (encoding != "auto" && encoding != "utf-8" && encoding != "gbk")
    throw Error("invalid_query", "encoding", "auto, utf-8 or gbk", "应为 auto、utf-8 或 gbk");
  if (req.body.size() >= 8 && req.body.compare(0, 8, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") == 0)
    throw_validation("body", "an Excel 97-2003 workbook (.xls): save it as an Excel workbook (.xlsx) or as CSV",
                     "这是 Excel 97-2003 工作簿（.xls）：请另存为 Excel 工作簿（.xlsx）或 CSV");
  auto text = text::to_utf8(req.body, encoding, &up.encoding);
  if (!text)
    throw_validation("encoding", "the file is not valid " + up.encoding + " text (save it as UTF-8 or GBK CSV)",
                     "文件不是有效的 " + up.encoding + " 文本（请另存为 UTF-8 或 GBK 编码的 CSV）");
  if (text->find('\0') != std::string::npos)
    throw_validation("body", "the file holds NUL characters (is it a CSV file?)",
                     "文件包含空字符（是否为 CSV 文件？）");
  import::Source source(*text, false);
  import::Record header;
  if (!source.next(header) || !header.error.empty())
    throw_validation("header", "the first line names the columns", "第一行应为列名");
  check_header(columns, header.fields);
  up.text = std::move(*text);
}

// An .xlsx workbook (known by its content, a zip archive): its first sheet read through
// once, so that a damaged file or one past a limit is refused now, with nothing kept.
void read_xlsx(const http::Request& req, const std::vector<import::Column>& columns, import::Upload& up) {
  up.encoding = "xlsx";
  import::Source source(req.body, true);
  import::Record header;
  if (!source.next(header))
    throw_validation("header", "the first sheet is empty: its first row names the columns",
                     "第一个工作表为空：其第一行应为列名");
  check_header(columns, header.fields);
  for (import::Record r; source.next(r);) {
  }
  up.text = req.body;
}

// An uploaded file, CSV or .xlsx, with a header naming every required column of its kind;
// 4xx otherwise, checked in this order.
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
auto dry = req.query_param("dry_run");
up.dry_run = dry && (*dry == "true" || *dry == "1");
if (xlsx::looks_like_zip(req.body)) {
  read_xlsx(req, *columns, up);
} else {
  read_csv(req, *columns, up);
}
up.filename = text::truncate_utf8(req.query_param("filename").value_or(""), 200);
up.bytes = req.body.size();
return up;
}  // namespace

// The first grid (else the deepest place) of the caller's territory for `permission`: the
// place of a template's example row, so that the example passes the checks.
std::string example_place(Service& svc, const Context& ctx, const char* permission) {
  auto scope = ctx.user().scope(permission);
  if (scope.empty()) return {};
  std::string path = scope.front();
  if (path.size() < 2) return {};  // the whole country: no place to pick
  std::string code = path.substr(0, path.size() - 1);
  code = code.substr(code.rfind('/') + 1);
  for (int depth = 0; depth < 8 && code.size() < 15; ++depth) {
    auto kids = svc.territory().children(code, "", 20, false);
    if (kids.empty()) break;
    const territory::Region* next = &kids.front();
    for (const auto& k : kids) {
      if (k.child_count > 0 || k.code.size() >= 15) {
        next = &k;
        break;
      }
    }
    code = next->code;
  }
  return code;
}

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
             {.summary = "Import persons (with their households), households, buildings or businesses from CSV "
                         "(UTF-8 or GBK) or an .xlsx workbook's first sheet (known by its content); checked row by "
                         "row, applied in the background unless dry_run",
              .tag = "registry",
              .permission = "registry:person:write",  // and the kind's own write permission
              .query = {{"kind", "persons (default), households, buildings or businesses"},
                        {"dry_run", "true: check and count only"},
                        {"encoding", "CSV: auto (default), utf-8 or gbk"},
                        {"filename", "the file's name, for the record"}},
              .request_media = "text/csv",
              .request_body = "the CSV file's or the .xlsx workbook's bytes",
              .response = schema::ref("ImportJob"),
              .statuses = {202, 403, 413, 422},
              .load = http::Load::bulk,
              .body = http::Body::import},
             [this](Context& ctx) {
               auto upload = parse_upload(ctx, importer_ != nullptr);
               return json::respond(202, job_json(import::queue(*this, *importer_, ctx, upload), false));
             });

  router.add("GET", "/api/v1/registry/imports/template",
             {.summary = "A kind's import template: its columns in the import's words (required ones starred), "
                         "one example row; .xlsx (identifier columns formatted as text, a second sheet explaining "
                         "each column) or CSV (UTF-8 with a byte order mark)",
              .tag = "registry",
              .permission = "registry:person:write",  // and the kind's own write permission
              .query = {{"kind", "persons (default), households, buildings or businesses"},
                        {"format", "xlsx (default) or csv"},
                        {"lang", "zh (default) or en; without it, Accept-Language"}},
              .statuses = {200, 400, 403}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               import::TemplateRequest t;
               t.kind = req.query_param("kind").value_or("persons");
               if (!import::columns_of(t.kind))
                 throw Error("invalid_query", "kind", "persons, households, buildings or businesses",
                             "应为 persons、households、buildings 或 businesses");
               std::string format = req.query_param("format").value_or("xlsx");
               if (format != "xlsx" && format != "csv")
                 throw Error("invalid_query", "format", "xlsx or csv", "应为 xlsx 或 csv");
               t.xlsx = format == "xlsx";
               auto lang = req.query_param("lang");
               if (lang && *lang != "zh" && *lang != "en")
                 throw Error("invalid_query", "lang", "zh or en", "应为 zh 或 en");
               t.zh = lang ? *lang == "zh" : req.prefers_zh();
               const char* permission = import::permission_of(t.kind);
               ctx.require_somewhere("registry:person:write");
               ctx.require_somewhere(permission);
               t.place = example_place(*this, ctx, permission);
               return import::import_template(*this, t);
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
