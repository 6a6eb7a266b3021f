//! Line numbers of CSV records, in one pass. The csv reader's own line count lags by one
//! after CRLF terminators (the `\n` of a record's terminator is consumed with the next
//! record), so a record's line is counted from its byte offset instead, skipping the
//! terminators and blank lines before it: the reader is wrapped in a [`LineCounter`] that
//! keeps the bytes read since the last record began (the csv reader's buffer ahead, and the
//! record itself) and the newlines before them.
use std::io::Read;

pub struct LineCounter<R> {
    inner: R,
    /// Bytes read; those before `start` are counted already.
    window: Vec<u8>,
    start: usize,
    /// The offset in the input of `window[start]`.
    base: u64,
    /// Newlines before `base`.
    newlines: u64,
}

impl<R> LineCounter<R> {
    pub fn new(inner: R) -> Self {
        LineCounter { inner, window: Vec::new(), start: 0, base: 0, newlines: 0 }
    }

    /// The line (1-based) a record starting at `offset` begins on. Offsets must not
    /// decrease from one call to the next.
    pub fn line_at(&mut self, offset: u64) -> u64 {
        let skip = (offset.saturating_sub(self.base) as usize).min(self.window.len() - self.start);
        let end = self.start + skip;
        self.newlines += self.window[self.start..end].iter().filter(|&&b| b == b'\n').count() as u64;
        self.start = end;
        self.base += skip as u64;
        // The counted bytes go once they are the larger half (amortized linear).
        if self.start > 4096 && self.start * 2 > self.window.len() {
            self.window.drain(..self.start);
            self.start = 0;
        }
        let leading = self.window[self.start..].iter().take_while(|&&b| b == b'\r' || b == b'\n').filter(|&&b| b == b'\n').count() as u64;
        1 + self.newlines + leading
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.window.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}
