#include "registry/import/requests.h"

#include <sodium.h>

#include "audit/audit.h"
#include "core/error.h"
#include "core/json.h"
#include "registry/import/importer.h"
#include "registry/service.h"

namespace wangge::registry::import {

store::ImportJob queue(Service& svc, Importer& importer, const Context& ctx, const Upload& upload) {
  store::ImportJob job;
  job.kind = upload.kind;
  job.dry_run = upload.dry_run;
  job.filename = upload.filename;
  job.encoding = upload.encoding;
  job.created_by = ctx.actor_id();
  json::array scope;
  for (const auto& s : ctx.user().scope(upload.permission)) scope.push_back(json::value(s));
  job.scope = json::to_text(scope);
  job.created_at = storage::now_ms();
  // The file first (sealed, fsynced), then the job that points at it.
  std::string name = "imports/" + std::to_string(job.created_at) + "-" + std::to_string(ctx.actor_id().value_or(0)) +
                     "-" + std::to_string(randombytes_random()) +
                     (upload.encoding == "xlsx" ? ".xlsx.sealed" : ".csv.sealed");
  importer.files().put(name, upload.text);
  job.file_path = name;
  svc.db().write([&](storage::Tx& tx) {
    job.id = store::insert_import(tx, job);
    audit::append(tx,
                  audit::entry(ctx, "registry:import:create", "import:" + std::to_string(job.id),
                               {{"dry_run", upload.dry_run}, {"encoding", upload.encoding}, {"bytes", upload.bytes}}));
  });
  job.status = "queued";
  importer.wake();
  return job;
}

std::vector<store::ImportJob> list(Service& svc, const Context& ctx) {
  ctx.require_somewhere("registry:person:write");
  bool all = ctx.user().can("accounts:user:write", "/");
  std::vector<store::ImportJob> jobs;
  svc.db().read([&](storage::Tx& tx) { jobs = store::imports(tx, all ? std::nullopt : ctx.actor_id(), 100); });
  return jobs;
}

store::ImportJob find(Service& svc, const Context& ctx, std::int64_t id) {
  std::optional<store::ImportJob> job;
  svc.db().read([&](storage::Tx& tx) { job = store::import_job(tx, id); });
  if (!job || (job->created_by != ctx.actor_id() && !ctx.user().can("accounts:user:write", "/")))
    throw_not_found("no import " + std::to_string(id), "导入任务不存在");
  return *job;
}

}  // namespace wangge::registry::import
