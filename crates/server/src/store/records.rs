//! A stream of records between a producer and a consumer that may run on different threads
//! (a dump read from the database and written to a file, a snapshot read from a file and
//! restored into the database), holding at most [`CAPACITY`] records in between: a whole
//! store moves through a bounded amount of memory.
//!
//! A stream ends with an explicit end: one whose producer went away without saying so (it
//! failed, or panicked) is an error, never a shorter store.
use super::{Record, StoreError};
use tokio::sync::mpsc;

/// Records waiting between producer and consumer, at most.
pub const CAPACITY: usize = 256;

type Item = Result<Option<Record>, StoreError>;

/// What a consumer reads: records, then the end (`Ok(None)`), or an error.
pub struct RecordStream {
    rx: mpsc::Receiver<Item>,
}

/// What a producer writes into.
pub struct RecordFeed {
    tx: mpsc::Sender<Item>,
}

/// The consumer has stopped reading (it failed, and will report why).
#[derive(Debug)]
pub struct Closed;

pub fn channel() -> (RecordFeed, RecordStream) {
    let (tx, rx) = mpsc::channel(CAPACITY);
    (RecordFeed { tx }, RecordStream { rx })
}

fn cut_short() -> StoreError {
    StoreError::Backend("the stream of records ended before its end (its producer failed)".into())
}

impl RecordStream {
    /// The next record; `Ok(None)` at the end.
    pub async fn next(&mut self) -> Result<Option<Record>, StoreError> {
        self.rx.recv().await.unwrap_or_else(|| Err(cut_short()))
    }

    /// [`RecordStream::next`] from a thread outside the async runtime.
    pub fn blocking_next(&mut self) -> Result<Option<Record>, StoreError> {
        self.rx.blocking_recv().unwrap_or_else(|| Err(cut_short()))
    }

    /// All the records, in memory (for small stores and tests).
    pub async fn collect(mut self) -> Result<Vec<Record>, StoreError> {
        let mut records = Vec::new();
        while let Some(r) = self.next().await? {
            records.push(r);
        }
        Ok(records)
    }
}

impl From<Vec<Record>> for RecordStream {
    fn from(records: Vec<Record>) -> RecordStream {
        let (tx, rx) = mpsc::channel(records.len() + 1);
        for r in records {
            tx.try_send(Ok(Some(r))).expect("the channel holds every record");
        }
        tx.try_send(Ok(None)).expect("the channel holds the end");
        RecordStream { rx }
    }
}

impl RecordFeed {
    pub async fn send(&self, record: Record) -> Result<(), Closed> {
        self.tx.send(Ok(Some(record))).await.map_err(|_| Closed)
    }

    /// [`RecordFeed::send`] from a thread outside the async runtime.
    pub fn blocking_send(&self, record: Record) -> Result<(), Closed> {
        self.tx.blocking_send(Ok(Some(record))).map_err(|_| Closed)
    }

    /// Ends the stream: with `Ok(())` its end, with an error that error.
    pub async fn end(self, outcome: Result<(), StoreError>) {
        let _ = self.tx.send(outcome.map(|()| None)).await;
    }

    /// [`RecordFeed::end`] from a thread outside the async runtime.
    pub fn blocking_end(self, outcome: Result<(), StoreError>) {
        let _ = self.tx.blocking_send(outcome.map(|()| None));
    }
}

impl From<Closed> for StoreError {
    fn from(_: Closed) -> StoreError {
        StoreError::Backend("the reader of the records stopped".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{tests::rec, Kind};

    #[tokio::test]
    async fn a_stream_ends_only_when_its_producer_says_so() {
        let (feed, mut stream) = channel();
        tokio::spawn(async move {
            feed.send(rec(Kind::Queue, "q1", None, vec![])).await.unwrap();
            feed.end(Ok(())).await;
        });
        assert_eq!(stream.next().await.unwrap().unwrap().key.id, "q1");
        assert_eq!(stream.next().await.unwrap(), None);

        let (feed, stream) = channel();
        std::thread::spawn(move || {
            feed.blocking_send(rec(Kind::Queue, "q1", None, vec![])).unwrap();
            // The producer fails (or panics) without ending the stream.
            drop(feed);
        });
        assert!(matches!(stream.collect().await, Err(StoreError::Backend(m)) if m.contains("before its end")));

        let records = vec![rec(Kind::Queue, "q1", None, vec![]), rec(Kind::Queue, "q2", None, vec![])];
        assert_eq!(RecordStream::from(records.clone()).collect().await.unwrap(), records);
    }
}
