//! Recovering from anything: the process killed with SIGKILL in the middle of its work, then
//! restarted on the same data.
mod crash;
