//! Frame times while background work runs (`scripts/frame-times.sh`, issue 17: "the
//! window keeps painting while a project opens"). With `MARGINALIA_FRAME_PROBE=FILE`
//! the app times every frame drawn while a background job (opening a project, an
//! import, an export, …) runs, the frame its result lands in and the
//! [`FRAMES_AFTER`] frames after it, asking for frames without pause meanwhile (as a
//! user moving the mouse would), then writes FILE and closes the window.
//!
//! FILE has one line per frame: its number, its phase (`first`: the window's first
//! frame, which also sets up fonts and egui; `job`: the job ran through the frame;
//! `landed`: the job's result was taken and applied in it; `after`: a frame after
//! that; `idle`: no job had started yet), the milliseconds spent in
//! `App::ui` (our code: the frame's layout and whatever is applied between frames)
//! and the milliseconds from its start to the next frame's start (the whole frame:
//! ours, egui's tessellation, painting and presenting; `-` for the last one).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Frames timed after a job's result has landed (the first frames showing it).
pub const FRAMES_AFTER: usize = 60;

/// What was going on in a timed frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    First,
    Idle,
    Job,
    Landed,
    After,
}

impl Phase {
    fn name(self) -> &'static str {
        match self {
            Phase::First => "first",
            Phase::Idle => "idle",
            Phase::Job => "job",
            Phase::Landed => "landed",
            Phase::After => "after",
        }
    }
}

/// One timed frame.
struct Row {
    phase: Phase,
    took: Duration,
    start: Instant,
}

/// The frame-time recorder (see the module doc).
pub struct FrameProbe {
    out: PathBuf,
    started: Instant,
    rows: Vec<Row>,
    /// When the last job's result landed, from `started`.
    landed_at: Option<Duration>,
    /// A job has run in a recorded frame.
    seen_job: bool,
    /// Frames counted towards the end: after a landing, or with no job at all.
    remaining: usize,
    done: bool,
}

impl FrameProbe {
    /// The probe if `MARGINALIA_FRAME_PROBE` names a file to write.
    pub fn from_env() -> Option<Self> {
        let out = std::env::var_os("MARGINALIA_FRAME_PROBE").filter(|v| !v.is_empty())?;
        Some(Self::new(out.into()))
    }

    fn new(out: PathBuf) -> Self {
        Self { out, started: Instant::now(), rows: Vec::new(), landed_at: None, seen_job: false, remaining: FRAMES_AFTER, done: false }
    }

    /// Records a frame that began at `start` and spent `took` in `App::ui`; `busy_before`
    /// and `busy_after`: whether a background job was running as it began and as it
    /// ended. True once the last frame has been recorded and the file written (or
    /// writing failed, said on stderr): time to close.
    pub fn record(&mut self, start: Instant, took: Duration, busy_before: bool, busy_after: bool) -> bool {
        if self.done {
            return true;
        }
        let phase = match (busy_before, busy_after) {
            _ if self.rows.is_empty() && busy_after => Phase::First,
            (_, true) => Phase::Job,
            (true, false) => Phase::Landed,
            (false, false) if self.seen_job => Phase::After,
            (false, false) => Phase::Idle,
        };
        self.seen_job |= busy_before || busy_after;
        match phase {
            Phase::First | Phase::Job => self.remaining = FRAMES_AFTER,
            Phase::Landed => {
                self.landed_at = Some(start.duration_since(self.started) + took);
                self.remaining = FRAMES_AFTER;
            }
            Phase::After | Phase::Idle => self.remaining = self.remaining.saturating_sub(1),
        }
        self.rows.push(Row { phase, took, start });
        if self.remaining > 0 {
            return false;
        }
        self.done = true;
        if let Err(e) = std::fs::write(&self.out, self.report()) {
            eprintln!("MARGINALIA_FRAME_PROBE: cannot write {}: {e}", self.out.display());
        }
        true
    }

    /// The file's text (see the module doc).
    fn report(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let mut text = String::from("# frame phase update_ms interval_ms\n");
        for (i, r) in self.rows.iter().enumerate() {
            let next = self.rows.get(i + 1).map(|n| n.start.duration_since(r.start));
            let interval = next.map_or("-".to_string(), |d| format!("{:.3}", ms(d)));
            let _ = writeln!(text, "{} {} {:.3} {interval}", i + 1, r.phase.name(), ms(r.took));
        }
        if let Some(at) = self.landed_at {
            let _ = writeln!(text, "# landed {:.1} ms after the first frame began", ms(at));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_told_apart_by_what_the_job_did_and_the_file_is_written_at_the_end() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("frames.txt");
        let mut probe = FrameProbe::new(out.clone());
        let t0 = probe.started;
        let ms = Duration::from_millis;
        assert!(!probe.record(t0, ms(30), true, true));
        assert!(!probe.record(t0 + ms(5), ms(2), true, true));
        assert!(!probe.record(t0 + ms(16), ms(40), true, false));
        for i in 0..FRAMES_AFTER - 1 {
            assert!(!probe.record(t0 + ms(100 + i as u64 * 16), ms(1), false, false), "frame {i} after");
            assert!(!out.exists(), "written only at the end");
        }
        assert!(probe.record(t0 + ms(2_000), ms(1), false, false), "done after FRAMES_AFTER frames");
        let text = std::fs::read_to_string(&out).expect("the report");
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(lines.len(), FRAMES_AFTER + 3);
        assert_eq!(lines[0], "1 first 30.000 5.000");
        assert_eq!(lines[1], "2 job 2.000 11.000");
        assert_eq!(lines[2], "3 landed 40.000 84.000");
        assert!(lines[3].starts_with("4 after 1.000 16.000"), "{}", lines[3]);
        assert!(lines[FRAMES_AFTER + 2].ends_with(" -"), "the last frame has no next");
        assert!(text.contains("# landed 56.0 ms after"), "{text}");
    }

    #[test]
    fn without_a_job_it_stops_after_as_many_idle_frames() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut probe = FrameProbe::new(dir.path().join("f.txt"));
        let t0 = probe.started;
        let done =
            (0..FRAMES_AFTER).map(|i| probe.record(t0 + Duration::from_millis(i as u64), Duration::ZERO, false, false)).collect::<Vec<_>>();
        assert_eq!(done.iter().filter(|d| **d).count(), 1);
        assert!(done[FRAMES_AFTER - 1]);
        let text = std::fs::read_to_string(dir.path().join("f.txt")).expect("the report");
        assert!(text.lines().skip(1).all(|l| l.contains(" idle ")), "{text}");
    }
}
