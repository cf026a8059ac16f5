#include "core/error.h"

namespace wangge {
const ErrorSpec& error_spec(std::string_view code) {
  for (const auto& spec : kErrorCatalogue) {
    if (spec.code == code) return spec;
  }
  return kErrorCatalogue[0];
}

Error::Error(ErrorCode code, std::string field, std::string detail_en, std::string detail_zh)
    : std::runtime_error(std::string(code.spec().code) + (detail_en.empty() ? "" : ": " + detail_en)),
      spec_(&code.spec()),
      code_(code.spec().code),
      field_(std::move(field)),
      detail_en_(std::move(detail_en)),
      detail_zh_(std::move(detail_zh)) {}

void throw_validation(std::string field, std::string detail_en, std::string detail_zh) {
  throw Error("validation", std::move(field), std::move(detail_en), std::move(detail_zh));
}

void throw_not_found(std::string what_en, std::string what_zh) {
  throw Error("not_found", {}, std::move(what_en), std::move(what_zh));
}

}  // namespace wangge
