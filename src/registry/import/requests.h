// The import use cases behind the HTTP routes (http.cpp): queue a checked upload as a job,
// list the caller's jobs, find one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/context.h"
#include "registry/store.h"

namespace wangge::registry {
class Service;
class Importer;
}  // namespace wangge::registry

namespace wangge::registry::import {

// A file accepted for import: its kind, CSV read as UTF-8 or an .xlsx workbook as sent, with
// its header checked.
struct Upload {
  std::string kind;
  const char* permission = nullptr;  // the kind's write permission
  bool dry_run = false;
  std::string encoding;  // as read: utf-8 or gbk; xlsx for a workbook
  std::string filename;
  std::string text;       // UTF-8 CSV, or the workbook's bytes
  std::size_t bytes = 0;  // of the body as sent
};

// Keeps the file (sealed) and queues its job, audited; wakes the worker.
store::ImportJob queue(Service& svc, Importer& importer, const Context& ctx, const Upload& upload);
// The caller's jobs (everyone's for an administrator), newest first.
std::vector<store::ImportJob> list(Service& svc, const Context& ctx);
// A job the caller started (any for an administrator); 404 otherwise.
store::ImportJob find(Service& svc, const Context& ctx, std::int64_t id);

}  // namespace wangge::registry::import
