//! The steps of `cargo xtask test`: run each one timed (from parallel lanes), then summarise.
use crate::util;
use anyhow::Result;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How one step ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Passed,
    Failed(String),
    Skipped(String),
}

struct StepResult {
    name: String,
    outcome: Outcome,
    elapsed: Duration,
}

/// Every step's outcome, in the order steps finished; shared by the lanes that run them.
pub struct Steps {
    started: Instant,
    done: Mutex<Vec<StepResult>>,
}

impl Default for Steps {
    fn default() -> Self {
        Steps {
            started: Instant::now(),
            done: Mutex::new(Vec::new()),
        }
    }
}

impl Steps {
    /// Runs a step, prints its outcome, records it, and returns whether it passed.
    pub fn run(&self, name: &str, f: impl FnOnce() -> Result<Outcome>) -> bool {
        let at = util::secs(self.started.elapsed());
        println!("\n==> [test +{at}] {name}");
        let start = Instant::now();
        let outcome = f().unwrap_or_else(|err| Outcome::Failed(format!("{err:#}")));
        let elapsed = start.elapsed();
        match &outcome {
            Outcome::Passed => println!("    {name}: passed in {}", util::secs(elapsed)),
            Outcome::Failed(why) => println!("    {name}: FAILED: {why}"),
            Outcome::Skipped(why) => println!("    {name}: skipped: {why}"),
        }
        let passed = outcome == Outcome::Passed;
        self.done
            .lock()
            .expect("no step panics while holding the list")
            .push(StepResult {
                name: name.to_owned(),
                outcome,
                elapsed,
            });
        passed
    }

    /// Runs the step when `ready`, else records it as not run `because`.
    pub fn run_if(
        &self,
        ready: bool,
        name: &str,
        because: &str,
        f: impl FnOnce() -> Result<Outcome>,
    ) -> bool {
        if ready {
            self.run(name, f)
        } else {
            self.run(name, || Ok(Outcome::Skipped(format!("not run: {because}"))))
        }
    }

    /// Prints one line per step, the wall-clock total and the closing `N passed, N failed` line;
    /// returns whether no step failed.
    pub fn summary(&self) -> bool {
        let done = self.done.lock().expect("the lanes have finished");
        println!("\n==> [test] summary");
        for step in done.iter() {
            let (word, why) = match &step.outcome {
                Outcome::Passed => ("PASS", String::new()),
                Outcome::Failed(why) => ("FAIL", format!(": {}", first_line(why))),
                Outcome::Skipped(why) => ("SKIP", format!(": {}", first_line(why))),
            };
            println!(
                "    {word}  {} ({}){why}",
                step.name,
                util::secs(step.elapsed)
            );
        }
        println!(
            "    wall clock: {} (steps run in parallel lanes)",
            util::secs(self.started.elapsed())
        );
        let count = |f: fn(&Outcome) -> bool| done.iter().filter(|s| f(&s.outcome)).count();
        let passed = count(|o| matches!(o, Outcome::Passed));
        let failed = count(|o| matches!(o, Outcome::Failed(_)));
        let skipped = count(|o| matches!(o, Outcome::Skipped(_)));
        println!("{}", closing_line(passed, failed, skipped));
        failed == 0
    }

    #[cfg(test)]
    fn outcomes(&self) -> Vec<Outcome> {
        let done = self.done.lock().unwrap();
        done.iter().map(|s| s.outcome.clone()).collect()
    }
}

pub fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// The plain line CI reads: `N passed, N failed` (`, N skipped` when any).
pub fn closing_line(passed: usize, failed: usize, skipped: usize) -> String {
    let mut line = format!("{passed} passed, {failed} failed");
    if skipped > 0 {
        line.push_str(&format!(", {skipped} skipped"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_line_is_plain() {
        assert_eq!(closing_line(3, 0, 0), "3 passed, 0 failed");
        assert_eq!(closing_line(4, 1, 2), "4 passed, 1 failed, 2 skipped");
    }

    #[test]
    fn steps_record_outcomes_from_every_lane() {
        let steps = Steps::default();
        assert!(steps.run("ok", || Ok(Outcome::Passed)));
        std::thread::scope(|lanes| {
            lanes.spawn(|| assert!(!steps.run("err", || anyhow::bail!("boom"))));
        });
        assert!(!steps.run_if(false, "later", "err failed", || Ok(Outcome::Passed)));
        assert_eq!(
            steps.outcomes(),
            [
                Outcome::Passed,
                Outcome::Failed("boom".into()),
                Outcome::Skipped("not run: err failed".into())
            ]
        );
        assert!(!steps.summary());
    }
}
