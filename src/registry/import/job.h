// Running one import job: every row checked (pass 1), then, unless a dry run or any row
// error, applied in chunks of their own transactions (pass 2).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "registry/store.h"

namespace wangge::registry {
class Service;
}

namespace wangge::registry::import {

// Runs `job` over the file's `text` (UTF-8 CSV, or an .xlsx workbook when its encoding is
// "xlsx") for an importer whose territory is `scope`;
// `stopping` is asked between rows and chunks (a stopped job resumes at the next start).
void run_job(Service& svc, const store::ImportJob& job, const std::string& text, std::vector<std::string> scope,
             const std::function<bool()>& stopping);

}  // namespace wangge::registry::import
