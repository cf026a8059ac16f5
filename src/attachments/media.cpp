#include "attachments/media.h"

// clang-format off
#include <cstdio>   // jpeglib.h needs FILE and size_t first
#include <csetjmp>
#include <jpeglib.h>
#include <png.h>
#include <webp/decode.h>
// clang-format on

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

namespace wangge::attachments {
namespace {

bool starts(std::string_view b, std::string_view sig, std::size_t at = 0) {
  return b.size() >= at + sig.size() && b.substr(at, sig.size()) == sig;
}

Verdict refuse(std::string en, std::string zh) {
  return Verdict{false, std::move(en), std::move(zh), 0, 0};
}

Verdict too_large(int w, int h) {
  return refuse("the image is " + std::to_string(w) + " x " + std::to_string(h) + " pixels: at most " +
                    std::to_string(kMaxPixels / 1'000'000) + " megapixels",
                "图片为 " + std::to_string(w) + " x " + std::to_string(h) + " 像素，最多 " +
                    std::to_string(kMaxPixels / 1'000'000) + " 百万像素");
}

bool within_limits(std::int64_t w, std::int64_t h) {
  return w > 0 && h > 0 && w <= kMaxSide && h <= kMaxSide && w * h <= kMaxPixels;
}

// ---------------------------------------------------------------- JPEG (libjpeg-turbo)

// The decoders report errors by longjmp: everything they touch lives in one heap state
// made before setjmp, so no local is clobbered and no destructor is skipped.
struct JpegState {
  jpeg_decompress_struct cinfo;
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
  std::vector<JSAMPLE> row;
  int width = 0, height = 0;
};

void jpeg_fail(j_common_ptr cinfo) {
  std::longjmp(static_cast<JpegState*>(cinfo->client_data)->jump, 1);
}
void jpeg_quiet(j_common_ptr cinfo, int level) {
  if (level < 0) ++cinfo->err->num_warnings;  // corrupt or truncated data: counted, refused below
}
void jpeg_silent(j_common_ptr) {}

// Decodes every scan at an eighth of the size (the DCT scales down, every coefficient is
// still read), one row at a time.
Verdict check_jpeg(std::string_view b) {
  auto st = std::make_unique<JpegState>();
  st->cinfo.err = jpeg_std_error(&st->mgr);
  st->mgr.error_exit = jpeg_fail;
  st->mgr.emit_message = jpeg_quiet;
  st->mgr.output_message = jpeg_silent;
  st->cinfo.client_data = st.get();
  if (setjmp(st->jump)) {
    jpeg_destroy_decompress(&st->cinfo);
    return refuse("not a whole JPEG image", "不是完整的 JPEG 图片");
  }
  jpeg_create_decompress(&st->cinfo);
  st->cinfo.client_data = st.get();  // jpeg_create_decompress clears the struct
  jpeg_mem_src(&st->cinfo, reinterpret_cast<const unsigned char*>(b.data()), static_cast<unsigned long>(b.size()));
  jpeg_read_header(&st->cinfo, TRUE);
  st->width = static_cast<int>(st->cinfo.image_width);
  st->height = static_cast<int>(st->cinfo.image_height);
  if (!within_limits(st->width, st->height)) {
    jpeg_destroy_decompress(&st->cinfo);
    return too_large(st->width, st->height);
  }
  st->cinfo.scale_num = 1;
  st->cinfo.scale_denom = 8;
  st->cinfo.dct_method = JDCT_IFAST;
  jpeg_start_decompress(&st->cinfo);
  st->row.resize(static_cast<std::size_t>(st->cinfo.output_width) *
                 static_cast<std::size_t>(st->cinfo.output_components));
  JSAMPROW rows[1] = {st->row.data()};
  while (st->cinfo.output_scanline < st->cinfo.output_height) jpeg_read_scanlines(&st->cinfo, rows, 1);
  jpeg_finish_decompress(&st->cinfo);
  long warnings = st->mgr.num_warnings;
  jpeg_destroy_decompress(&st->cinfo);
  if (warnings > 0) return refuse("a corrupt or truncated JPEG image", "JPEG 图片已损坏或不完整");
  return Verdict{true, {}, {}, st->width, st->height};
}

// ---------------------------------------------------------------- PNG (libpng)

struct PngState {
  std::string_view bytes;
  std::size_t at = 8;  // after the signature, which sniff checked
  png_structp png = nullptr;
  png_infop info = nullptr;
  std::vector<png_byte> row;
  png_uint_32 width = 0, height = 0;
};

void png_read_mem(png_structp png, png_bytep out, png_size_t n) {
  auto* st = static_cast<PngState*>(png_get_io_ptr(png));
  if (st->bytes.size() - st->at < n) png_error(png, "truncated");
  std::memcpy(out, st->bytes.data() + st->at, n);
  st->at += n;
}
void png_fail(png_structp png, png_const_charp) {
  png_longjmp(png, 1);
}
void png_quiet(png_structp, png_const_charp) {}

// Decodes every row (every pass of an interlaced image) into one row's buffer, CRCs and
// the compressed stream checked by libpng.
Verdict check_png(std::string_view b) {
  auto st = std::make_unique<PngState>();
  st->bytes = b;
  st->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, png_fail, png_quiet);
  if (!st->png) return refuse("not a PNG image", "不是 PNG 图片");
  st->info = png_create_info_struct(st->png);
  if (setjmp(png_jmpbuf(st->png))) {
    png_destroy_read_struct(&st->png, &st->info, nullptr);
    return refuse("not a whole PNG image", "不是完整的 PNG 图片");
  }
  if (!st->info) png_error(st->png, "no memory");
  png_set_read_fn(st->png, st.get(), png_read_mem);
  png_set_sig_bytes(st->png, 8);
  png_set_user_limits(st->png, kMaxSide, kMaxSide);
  png_set_chunk_malloc_max(st->png, png_alloc_size_t{8} * 1024 * 1024);
  png_read_info(st->png, st->info);
  st->width = png_get_image_width(st->png, st->info);
  st->height = png_get_image_height(st->png, st->info);
  if (!within_limits(st->width, st->height)) {
    png_destroy_read_struct(&st->png, &st->info, nullptr);
    return too_large(static_cast<int>(st->width), static_cast<int>(st->height));
  }
  int passes = png_set_interlace_handling(st->png);
  png_read_update_info(st->png, st->info);
  st->row.resize(png_get_rowbytes(st->png, st->info));
  for (int p = 0; p < passes; ++p) {
    for (png_uint_32 y = 0; y < st->height; ++y) png_read_row(st->png, st->row.data(), nullptr);
  }
  png_read_end(st->png, nullptr);
  png_destroy_read_struct(&st->png, &st->info, nullptr);
  return Verdict{true, {}, {}, static_cast<int>(st->width), static_cast<int>(st->height)};
}

// ---------------------------------------------------------------- WebP (libwebp)

// Decodes the whole bitstream, scaled to an eighth on output.
Verdict check_webp(std::string_view b) {
  const auto* data = reinterpret_cast<const std::uint8_t*>(b.data());
  WebPDecoderConfig config;
  if (!WebPInitDecoderConfig(&config)) return refuse("not a WebP image", "不是 WebP 图片");
  if (WebPGetFeatures(data, b.size(), &config.input) != VP8_STATUS_OK)
    return refuse("not a whole WebP image", "不是完整的 WebP 图片");
  int w = config.input.width, h = config.input.height;
  if (config.input.has_animation) return refuse("animated images are not accepted", "不接受动图");
  if (!within_limits(w, h)) return too_large(w, h);
  config.options.use_scaling = 1;
  config.options.scaled_width = std::max(1, w / 8);
  config.options.scaled_height = std::max(1, h / 8);
  config.output.colorspace = MODE_RGB;
  VP8StatusCode status = WebPDecode(data, b.size(), &config);
  WebPFreeDecBuffer(&config.output);
  if (status != VP8_STATUS_OK) return refuse("a corrupt or truncated WebP image", "WebP 图片已损坏或不完整");
  return Verdict{true, {}, {}, w, h};
}

// ---------------------------------------------------------------- MP4 (ISO base media)

std::uint64_t be(std::string_view b, std::size_t at, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

// The boxes in b[from, to): each (type, start of payload, end); nullopt when they do not
// tile the range exactly.
struct Box {
  std::string type;
  std::size_t body, end;
};
std::optional<std::vector<Box>> boxes(std::string_view b, std::size_t from, std::size_t to) {
  std::vector<Box> out;
  for (std::size_t at = from; at < to;) {
    if (to - at < 8) return std::nullopt;
    std::uint64_t size = be(b, at, 4);
    std::string type(b.substr(at + 4, 4));
    for (char c : type) {
      if (c < 0x20 || c > 0x7e) return std::nullopt;
    }
    std::size_t header = 8;
    if (size == 1) {
      if (to - at < 16) return std::nullopt;
      size = be(b, at + 8, 8);
      header = 16;
    } else if (size == 0) {
      size = to - at;  // to the end of the enclosing range
    }
    if (size < header || size > to - at) return std::nullopt;
    out.push_back(Box{type, at + header, at + static_cast<std::size_t>(size)});
    at += static_cast<std::size_t>(size);
  }
  return out;
}

Verdict check_mp4(std::string_view b, bool audio) {
  auto bad = [audio] {
    return audio ? refuse("not a well-formed M4A audio file", "不是格式正确的 M4A 音频")
                 : refuse("not a well-formed MP4 video", "不是格式正确的 MP4 视频");
  };
  auto top = boxes(b, 0, b.size());
  if (!top || top->empty() || top->front().type != "ftyp") return bad();
  bool media = false;
  const Box* moov = nullptr;
  for (const auto& box : *top) {
    if (box.type == "mdat" || box.type == "moof") media = true;
    if (box.type == "moov") moov = &box;
  }
  if (!moov || !media) return bad();
  auto inner = boxes(b, moov->body, moov->end);
  if (!inner) return bad();
  bool header = false;
  int tracks = 0;
  for (const auto& box : *inner) {
    if (box.type == "mvhd") {
      // version 0: 4+4+4 bytes of times, then the timescale; version 1: 8+8 bytes of times.
      if (box.end - box.body < 20) return bad();
      int version = static_cast<unsigned char>(b[box.body]);
      std::size_t ts_at = box.body + (version == 1 ? 20 : 12);
      if (ts_at + 4 > box.end || be(b, ts_at, 4) == 0) return bad();
      header = true;
    }
    if (box.type == "trak") {
      auto trak = boxes(b, box.body, box.end);
      if (!trak) return bad();
      for (const auto& t : *trak) tracks += t.type == "tkhd";
    }
  }
  if (!header || tracks == 0) return bad();
  return Verdict{true, {}, {}, 0, 0};
}

// ---------------------------------------------------------------- MP3 (MPEG audio layer III)

// The length of the MPEG audio frame whose header starts at b[at], or 0 when none does:
// 11 sync bits, a known version, layer III, a bitrate and a sample rate that exist.
std::size_t mp3_frame(std::string_view b, std::size_t at) {
  if (at + 4 > b.size()) return 0;
  auto u = [&](std::size_t i) { return static_cast<unsigned char>(b[at + i]); };
  if (u(0) != 0xFF || (u(1) & 0xE0) != 0xE0) return 0;
  int version = (u(1) >> 3) & 3;  // 0: 2.5, 2: 2, 3: 1; 1 reserved
  int layer = (u(1) >> 1) & 3;    // 1: layer III
  int bitrate = u(2) >> 4, rate = (u(2) >> 2) & 3, padding = (u(2) >> 1) & 1;
  if (version == 1 || layer != 1 || bitrate == 0 || bitrate == 15 || rate == 3) return 0;
  static constexpr int kV1[] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
  static constexpr int kV2[] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
  static constexpr int kRates[] = {44100, 48000, 32000};
  int kbps = version == 3 ? kV1[bitrate] : kV2[bitrate];
  int hz = kRates[rate] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
  return static_cast<std::size_t>((version == 3 ? 144 : 72) * kbps * 1000 / hz + padding);
}

Verdict check_mp3(std::string_view b) {
  std::size_t at = 0;
  if (starts(b, "ID3") && b.size() >= 10) {
    // An ID3v2 tag first: its size in four 7-bit bytes, a footer of 10 more when flagged.
    std::size_t size = 0;
    for (int i = 6; i < 10; ++i) size = (size << 7) | (static_cast<unsigned char>(b[i]) & 0x7F);
    at = 10 + size + ((static_cast<unsigned char>(b[5]) & 0x10) ? 10 : 0);
  }
  // Three frames in a row, each where the last one ends.
  for (int frames = 0; frames < 3; ++frames) {
    std::size_t len = mp3_frame(b, at);
    if (len < 4) return refuse("not a well-formed MP3 audio file", "不是格式正确的 MP3 音频");
    at += len;
  }
  return Verdict{true, {}, {}, 0, 0};
}

// ---------------------------------------------------------------- PDF

Verdict check_pdf(std::string_view b) {
  // "%PDF-1.7" or "%PDF-2.0", and the trailer: startxref and %%EOF near the end.
  if (b.size() < 16 || b[5] < '1' || b[5] > '2' || b[6] != '.' || b[7] < '0' || b[7] > '9')
    return refuse("not a PDF document", "不是 PDF 文档");
  std::string_view tail = b.substr(b.size() > 2048 ? b.size() - 2048 : 0);
  if (tail.find("%%EOF") == std::string_view::npos || tail.find("startxref") == std::string_view::npos)
    return refuse("a truncated PDF document", "PDF 文档不完整");
  return Verdict{true, {}, {}, 0, 0};
}

}  // namespace

std::optional<std::string> sniff(std::string_view b) {
  if (starts(b, "\xFF\xD8\xFF")) return "image/jpeg";
  if (starts(b, "\x89PNG\r\n\x1A\n")) return "image/png";
  if (starts(b, "RIFF") && starts(b, "WEBP", 8)) return "image/webp";
  if (starts(b, "%PDF-")) return "application/pdf";
  if (starts(b, "ID3") ||
      (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0xFF && (static_cast<unsigned char>(b[1]) & 0xE0) == 0xE0))
    return "audio/mpeg";
  // ISO base media: a box of type ftyp first, with an MP4-family brand.
  if (starts(b, "ftyp", 4) && b.size() >= 12) {
    std::string_view brand = b.substr(8, 4);
    if (brand == "M4A " || brand == "M4B ") return "audio/mp4";  // a phone's voice recording
    for (std::string_view ok : {"isom", "iso2", "mp41", "mp42", "avc1", "M4V ", "dash", "3gp4", "3gp5", "qt  "}) {
      if (brand == ok) return "video/mp4";
    }
  }
  return std::nullopt;
}

Verdict check(std::string_view bytes, const std::string& media_type) {
  if (media_type == "image/jpeg") return check_jpeg(bytes);
  if (media_type == "image/png") return check_png(bytes);
  if (media_type == "image/webp") return check_webp(bytes);
  if (media_type == "video/mp4") return check_mp4(bytes, false);
  if (media_type == "audio/mp4") return check_mp4(bytes, true);
  if (media_type == "audio/mpeg") return check_mp3(bytes);
  if (media_type == "application/pdf") return check_pdf(bytes);
  return refuse("unsupported type", "不支持的类型");
}

}  // namespace wangge::attachments
