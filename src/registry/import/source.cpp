#include "registry/import/source.h"

#include <algorithm>

namespace wangge::registry::import {

xlsx::ReadLimits xlsx_limits(std::size_t bytes) {
  xlsx::ReadLimits l;
  l.max_inflated = std::clamp<std::uint64_t>(static_cast<std::uint64_t>(bytes) * 200, 64ULL << 20, 4ULL << 30);
  l.max_columns = 1024;
  return l;
}

Source::Source(std::string_view bytes, bool xlsx) {
  if (xlsx) {
    sheet_ = std::make_unique<xlsx::SheetReader>(bytes, xlsx_limits(bytes.size()));
  } else {
    csv_.emplace(bytes);
  }
}

bool Source::next(Record& r) {
  r.error.clear();
  r.types.clear();
  if (csv_) {
    bool more = csv_->next(r.fields, &r.error);
    r.line = csv_->line();
    return more;
  }
  if (!sheet_->next(r.line, cells_)) return false;
  r.fields.clear();
  for (auto& c : cells_) {
    r.fields.push_back(std::move(c.value));
    r.types.push_back(c.type);
  }
  return true;
}

}  // namespace wangge::registry::import
