//! The AWS SDKs' adaptive retry mode rate limiter ("client rate limiter", CUBIC): requests go
//! at full speed until the service throttles; from then on a token bucket paces them, its
//! rate cut by `BETA` at each throttle and grown back along a cubic curve towards (and past)
//! the rate that last got throttled, so it converges on what the service allows. A cap
//! (`--rate`) turns the bucket on from the start and bounds its rate.
use std::sync::Mutex;
use std::time::{Duration, Instant};

const BETA: f64 = 0.7;
const SCALE_CONSTANT: f64 = 0.4;
const SMOOTH: f64 = 0.8;
const MIN_FILL_RATE: f64 = 0.5;
const MIN_CAPACITY: f64 = 1.0;

#[derive(Debug)]
struct State {
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    last_refill: Option<f64>,
    enabled: bool,
    measured_rate: f64,
    last_bucket: f64,
    request_count: u64,
    last_max_rate: f64,
    last_throttle: f64,
    time_window: f64,
}

pub struct RateLimiter {
    start: Instant,
    cap: Option<f64>,
    state: Mutex<State>,
}

impl RateLimiter {
    pub fn new(cap: Option<f64>) -> RateLimiter {
        let initial = cap.unwrap_or(MIN_FILL_RATE).max(MIN_FILL_RATE);
        RateLimiter {
            start: Instant::now(),
            cap,
            state: Mutex::new(State {
                fill_rate: initial,
                max_capacity: initial.max(MIN_CAPACITY),
                capacity: initial.max(MIN_CAPACITY),
                last_refill: None,
                enabled: cap.is_some(),
                measured_rate: 0.0,
                last_bucket: 0.0,
                request_count: 0,
                last_max_rate: 0.0,
                last_throttle: 0.0,
                time_window: 0.0,
            }),
        }
    }

    fn now(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// The rate the bucket currently allows (requests per second), `None` while unthrottled.
    pub fn rate(&self) -> Option<f64> {
        let s = self.state.lock().unwrap();
        s.enabled.then_some(s.fill_rate)
    }

    /// Waits for a token.
    pub async fn acquire(&self) {
        loop {
            let wait = {
                let mut s = self.state.lock().unwrap();
                if !s.enabled {
                    return;
                }
                let now = self.now();
                refill(&mut s, now);
                if s.capacity >= 1.0 {
                    s.capacity -= 1.0;
                    return;
                }
                (1.0 - s.capacity) / s.fill_rate
            };
            tokio::time::sleep(Duration::from_secs_f64(wait)).await;
        }
    }

    /// Records a response: throttled or not.
    pub fn update(&self, throttled: bool) {
        let now = self.now();
        let mut s = self.state.lock().unwrap();
        measure(&mut s, now);
        let calculated = if throttled {
            let rate = if s.enabled { s.measured_rate.min(s.fill_rate) } else { s.measured_rate };
            s.last_max_rate = rate;
            s.time_window = ((s.last_max_rate * (1.0 - BETA)) / SCALE_CONSTANT).cbrt();
            s.last_throttle = now;
            s.enabled = true;
            rate * BETA
        } else {
            s.time_window = ((s.last_max_rate * (1.0 - BETA)) / SCALE_CONSTANT).cbrt();
            SCALE_CONSTANT * (now - s.last_throttle - s.time_window).powi(3) + s.last_max_rate
        };
        if !s.enabled {
            return;
        }
        let mut new_rate = calculated.min(2.0 * s.measured_rate.max(MIN_FILL_RATE));
        if let Some(cap) = self.cap {
            new_rate = new_rate.min(cap);
        }
        refill(&mut s, now);
        s.fill_rate = new_rate.max(MIN_FILL_RATE);
        s.max_capacity = new_rate.max(MIN_CAPACITY);
        s.capacity = s.capacity.min(s.max_capacity);
    }
}

fn refill(s: &mut State, now: f64) {
    if let Some(last) = s.last_refill {
        s.capacity = (s.capacity + (now - last) * s.fill_rate).min(s.max_capacity);
    }
    s.last_refill = Some(now);
}

/// Smoothed measure of the rate requests actually go at, in half-second buckets.
fn measure(s: &mut State, now: f64) {
    let bucket = (now * 2.0).floor() / 2.0;
    s.request_count += 1;
    if bucket > s.last_bucket {
        let current = s.request_count as f64 / (bucket - s.last_bucket);
        s.measured_rate = current * SMOOTH + s.measured_rate * (1.0 - SMOOTH);
        s.request_count = 0;
        s.last_bucket = bucket;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn full_speed_until_throttled_then_slower() {
        let l = RateLimiter::new(None);
        assert_eq!(l.rate(), None);
        for _ in 0..40 {
            l.acquire().await;
            l.update(false);
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        assert_eq!(l.rate(), None, "no throttle yet: no pacing");
        l.update(true);
        let after_throttle = l.rate().unwrap();
        assert!(after_throttle < 40.0 && after_throttle >= MIN_FILL_RATE, "{after_throttle}");
        l.update(true);
        assert!(l.rate().unwrap() <= after_throttle);
    }

    #[tokio::test(start_paused = true)]
    async fn recovers_after_throttling_stops() {
        let l = RateLimiter::new(None);
        for _ in 0..20 {
            l.update(false);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        l.update(true);
        let low = l.rate().unwrap();
        for _ in 0..200 {
            l.acquire().await;
            l.update(false);
        }
        assert!(l.rate().unwrap() > low, "{} > {low}", l.rate().unwrap());
    }

    #[tokio::test(start_paused = true)]
    async fn a_cap_paces_from_the_start() {
        let l = RateLimiter::new(Some(4.0));
        let t0 = tokio::time::Instant::now();
        for _ in 0..12 {
            l.acquire().await;
            l.update(false);
        }
        let secs = t0.elapsed().as_secs_f64();
        assert!(secs >= 1.9, "12 requests at 4/s took {secs}s");
        assert!(l.rate().unwrap() <= 4.0);
    }
}
