//! Stage timings on stderr when `VETTED_TIMINGS` is set: where a build or lint spends its time.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("VETTED_TIMINGS").is_some())
}

/// Measures from its creation; `lap` prints the time since the previous lap.
pub struct Timer {
    last: Instant,
}

impl Timer {
    pub fn start() -> Timer {
        Timer {
            last: Instant::now(),
        }
    }

    pub fn lap(&mut self, stage: &str) {
        if enabled() {
            let now = Instant::now();
            eprintln!(
                "timing: {stage:<12} {:>7.1} ms",
                (now - self.last).as_secs_f64() * 1000.0
            );
            self.last = now;
        }
    }
}
