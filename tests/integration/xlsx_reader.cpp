#include "integration/xlsx_reader.h"

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace wangge::testing {

namespace {

std::uint32_t le(const std::string& b, std::size_t at, int bytes) {
  if (at + static_cast<std::size_t>(bytes) > b.size()) throw std::runtime_error("zip: truncated");
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
  return v;
}

std::string inflate_raw(const std::string& in, std::size_t size) {
  std::string out(size, '\0');
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw std::runtime_error("zip: inflateInit");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  inflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("zip: inflate failed");
  return out;
}

std::string decode_entities(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    std::size_t semi = s.find(';', i);
    std::string e = s.substr(i + 1, semi - i - 1);
    if (e == "amp")
      out += '&';
    else if (e == "lt")
      out += '<';
    else if (e == "gt")
      out += '>';
    else if (e == "quot")
      out += '"';
    else if (e == "apos")
      out += '\'';
    else
      out += "&" + e + ";";
    i = semi;
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> unzip(const std::string& b) {
  // The end of central directory record: its signature within the last 64 KiB.
  std::size_t eocd = b.rfind(std::string("PK\x05\x06", 4));
  if (eocd == std::string::npos) throw std::runtime_error("zip: no end of central directory");
  std::size_t entries = le(b, eocd + 10, 2);
  std::size_t at = le(b, eocd + 16, 4);
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < entries; ++i) {
    if (le(b, at, 4) != 0x02014b50) throw std::runtime_error("zip: bad central header");
    int method = static_cast<int>(le(b, at + 10, 2));
    std::size_t csize = le(b, at + 20, 4), usize = le(b, at + 24, 4);
    std::size_t name_len = le(b, at + 28, 2), extra_len = le(b, at + 30, 2), comment_len = le(b, at + 32, 2);
    std::size_t local = le(b, at + 42, 4);
    std::string name = b.substr(at + 46, name_len);
    std::size_t data = local + 30 + le(b, local + 26, 2) + le(b, local + 28, 2);
    std::string raw = b.substr(data, csize);
    out[name] = method == 0 ? raw : inflate_raw(raw, usize);
    at += 46 + name_len + extra_len + comment_len;
  }
  return out;
}

std::vector<std::vector<std::string>> sheet_rows(const std::string& xlsx, int n) {
  auto files = unzip(xlsx);
  auto it = files.find("xl/worksheets/sheet" + std::to_string(n) + ".xml");
  if (it == files.end()) throw std::runtime_error("xlsx: no sheet " + std::to_string(n));
  const std::string& x = it->second;
  std::vector<std::vector<std::string>> rows;
  std::size_t pos = 0;
  while ((pos = x.find("<row ", pos)) != std::string::npos) {
    std::size_t end = x.find("</row>", pos);
    std::vector<std::string> row;
    std::size_t c = pos;
    while ((c = x.find("<c ", c)) != std::string::npos && c < end) {
      std::size_t ref = x.find("r=\"", c) + 3;
      std::size_t col = 0;
      while (x[ref] >= 'A' && x[ref] <= 'Z') col = col * 26 + static_cast<std::size_t>(x[ref++] - 'A' + 1);
      std::size_t close = x.find('>', c);
      std::string text;
      if (x[close - 1] != '/') {
        std::size_t cend = x.find("</c>", close);
        std::size_t t = x.find("<t", close);
        std::size_t v = x.find("<v>", close);
        if (t != std::string::npos && t < cend) {
          std::size_t from = x.find('>', t) + 1;
          text = decode_entities(x.substr(from, x.find("</t>", from) - from));
        } else if (v != std::string::npos && v < cend) {
          text = x.substr(v + 3, x.find("</v>", v) - v - 3);
        }
        c = cend;
      } else {
        c = close;
      }
      if (row.size() < col) row.resize(col);
      row[col - 1] = text;
    }
    rows.push_back(std::move(row));
    pos = end;
  }
  return rows;
}

}  // namespace wangge::testing
