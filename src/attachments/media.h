// What an upload is, decided by its bytes and checked by decoding them: a JPEG, PNG or WebP
// must decode whole as an image (libjpeg-turbo, libpng, libwebp) of at most kMaxPixels, an
// MP4 must be a well-formed ISO media file (boxes that tile the file, a movie header and at
// least one track, media data), as must an M4A voice recording, an MP3 must be MPEG audio
// frames that follow one another (after an ID3 tag), a PDF must have its header and its
// trailer. Anything else,
// whatever its name or Content-Type, is refused. Decoding happens before anything is kept,
// so a file that merely starts like a PNG never reaches the disk.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wangge::attachments {

// Images of more pixels are refused before they are decoded (a phone photo is 12 to 50 MP).
inline constexpr std::int64_t kMaxPixels = 50'000'000;
inline constexpr int kMaxSide = 16384;

// The media type of `bytes` by their signature; nullopt for anything not accepted.
std::optional<std::string> sniff(std::string_view bytes);

struct Verdict {
  bool ok = false;
  std::string reason_en, reason_zh;  // why not, for the 415 answer
  int width = 0, height = 0;         // images
};

// Decodes `bytes` as `media_type` (one sniff answered) within the limits above.
Verdict check(std::string_view bytes, const std::string& media_type);

}  // namespace wangge::attachments
