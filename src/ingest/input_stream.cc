#include "ingest/input_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace byline::ingest {
namespace {

constexpr size_t kRawBufferSize = 1 << 16;
constexpr size_t kOutBufferSize = 1 << 17;

}  // namespace

InputStreamBuf::InputStreamBuf(int fd, uint64_t* bytes_read)
    : fd_(fd), bytes_read_(bytes_read), raw_(kRawBufferSize), out_(kOutBufferSize) {}

InputStreamBuf::~InputStreamBuf() {
  if (gzipped_) inflateEnd(&zs_);
  if (fd_ > STDIN_FILENO) ::close(fd_);
}

bool InputStreamBuf::FillRaw() {
  if (raw_eof_) return false;
  for (;;) {
    ssize_t n = ::read(fd_, raw_.data(), raw_.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error_ = std::string("read failed: ") + std::strerror(errno);
      raw_eof_ = true;
      return false;
    }
    if (n == 0) {
      raw_eof_ = true;
      return false;
    }
    raw_begin_ = 0;
    raw_end_ = static_cast<size_t>(n);
    if (bytes_read_) *bytes_read_ += static_cast<uint64_t>(n);
    return true;
  }
}

InputStreamBuf::int_type InputStreamBuf::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  if (!started_) {
    started_ = true;
    if (!FillRaw()) return traits_type::eof();
    gzipped_ = raw_end_ >= 2 && static_cast<unsigned char>(raw_[0]) == 0x1f &&
               static_cast<unsigned char>(raw_[1]) == 0x8b;
    // 15 + 32: any window size, gzip or zlib header detected automatically.
    if (gzipped_ && inflateInit2(&zs_, 15 + 32) != Z_OK) {
      error_ = "cannot initialise zlib";
      return traits_type::eof();
    }
  }
  if (!gzipped_) {
    if (raw_begin_ >= raw_end_ && !FillRaw()) return traits_type::eof();
    setg(raw_.data() + raw_begin_, raw_.data() + raw_begin_, raw_.data() + raw_end_);
    raw_begin_ = raw_end_;
    return traits_type::to_int_type(*gptr());
  }
  for (;;) {
    if (raw_begin_ >= raw_end_ && !FillRaw()) {
      if (!stream_end_ && error_.empty()) error_ = "truncated gzip data (unexpected end of file)";
      return traits_type::eof();
    }
    if (stream_end_) {
      // Another gzip member follows (files made by concatenation).
      inflateReset(&zs_);
      stream_end_ = false;
    }
    zs_.next_in = reinterpret_cast<Bytef*>(raw_.data() + raw_begin_);
    zs_.avail_in = static_cast<uInt>(raw_end_ - raw_begin_);
    zs_.next_out = reinterpret_cast<Bytef*>(out_.data());
    zs_.avail_out = static_cast<uInt>(out_.size());
    int rc = inflate(&zs_, Z_NO_FLUSH);
    raw_begin_ = raw_end_ - zs_.avail_in;
    if (rc == Z_STREAM_END) {
      stream_end_ = true;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      error_ = std::string("corrupt gzip data: ") + (zs_.msg ? zs_.msg : "inflate failed");
      return traits_type::eof();
    }
    size_t produced = out_.size() - zs_.avail_out;
    if (produced > 0) {
      setg(out_.data(), out_.data(), out_.data() + produced);
      return traits_type::to_int_type(*gptr());
    }
    if (stream_end_ && raw_begin_ >= raw_end_ && !FillRaw()) return traits_type::eof();
  }
}

Result<OpenedInput> OpenInput(const std::string& path, uint64_t* bytes_read) {
  int fd = STDIN_FILENO;
  if (path != "-") {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::IOError(std::string("cannot open file: ") + std::strerror(errno));
  }
  OpenedInput input;
  input.buf = std::make_unique<InputStreamBuf>(fd, bytes_read);
  input.stream = std::make_unique<std::istream>(input.buf.get());
  return input;
}

}  // namespace byline::ingest
