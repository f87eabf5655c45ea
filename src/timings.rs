//! Stage timings on stderr when `VETTED_TIMINGS` is set: where a build or lint spends its time.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("VETTED_TIMINGS").is_some())
}

/// Measures from its creation; `lap` prints the wall time since the previous lap and the CPU
/// time (user and system, all threads) the process spent meanwhile.
pub(crate) struct Timer {
    last: Instant,
    cpu: (f64, f64, i64),
}

/// User and system CPU seconds of the whole process so far, and its page faults.
#[cfg(unix)]
fn cpu_seconds() -> (f64, f64, i64) {
    // SAFETY: getrusage only writes into the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    #[allow(clippy::unnecessary_cast)] // c_long is i32 on 32-bit targets
    let faults = usage.ru_minflt as i64;
    (secs(usage.ru_utime), secs(usage.ru_stime), faults)
}

/// Without `getrusage` (not a Unix) the laps show wall time only.
#[cfg(not(unix))]
fn cpu_seconds() -> (f64, f64, i64) {
    (0.0, 0.0, 0)
}

impl Timer {
    pub(crate) fn start() -> Timer {
        Timer {
            last: Instant::now(),
            cpu: if enabled() {
                cpu_seconds()
            } else {
                (0.0, 0.0, 0)
            },
        }
    }

    pub(crate) fn lap(&mut self, stage: &str) {
        if enabled() {
            let now = Instant::now();
            let cpu = cpu_seconds();
            eprintln!(
                "timing: {stage:<12} {:>7.1} ms  (cpu: user {:>7.1} ms, sys {:>6.1} ms; {} page faults)",
                (now - self.last).as_secs_f64() * 1000.0,
                (cpu.0 - self.cpu.0) * 1000.0,
                (cpu.1 - self.cpu.1) * 1000.0,
                cpu.2 - self.cpu.2,
            );
            self.last = now;
            self.cpu = cpu;
        }
    }
}
