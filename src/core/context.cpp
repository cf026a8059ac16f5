#include "core/context.h"

#include "core/error.h"

namespace wangge {

const Principal& Context::user() const {
  if (!principal_) throw Error("unauthorized");
  return *principal_;
}

void Context::require(std::string_view permission, std::string_view region_path) const {
  if (!user().can(permission, region_path)) {
    throw Error("forbidden", {}, "requires " + std::string(permission) + " on this territory",
                "需要对该区域具有 " + std::string(permission) + " 权限");
  }
}

void Context::require_somewhere(std::string_view permission) const {
  if (!user().can_somewhere(permission)) {
    throw Error("forbidden", {}, "requires " + std::string(permission), "需要 " + std::string(permission) + " 权限");
  }
}

}  // namespace wangge
