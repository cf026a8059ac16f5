// The JSON Schemas of the attachments module's answers (attachments.cpp renders them):
// published in /api/openapi.json, checked against every answer in the tests
// (Config::check_contracts).
#include "attachments/attachments.h"

namespace wangge::attachments {

using namespace schema;

void register_schemas(Components& c) {
  c.add("Attachment",
        object({req("hash", describe(str(64, 64), "the SHA-256 of the bytes, lowercase hex: what records link")),
                req("media_type", enumeration({"image/jpeg", "image/png", "image/webp", "application/pdf", "video/mp4",
                                               "audio/mp4", "audio/mpeg"})),
                req("size", describe(integer(1), "bytes"))}));
}

}  // namespace wangge::attachments
