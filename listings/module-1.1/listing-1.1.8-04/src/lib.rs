//! TCP's loss recovery and congestion control, measured instead of described.
//!
//! `lab` builds two network namespaces joined by a veth pair (a virtual cable), with a server
//! that reads everything it is sent in one and the client's experiments in the other, and drops
//! chosen packets on the server's side with nftables. `info` reads what the kernel knows about
//! a connection (`TCP_INFO`, the source of `ss -ti`) and the namespace's TCP counters.
//! `experiments` runs one experiment per mechanism and returns what it saw.
//!
//! Creating namespaces needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN), `ip` from iproute2 and
//! `nft` from nftables. Nothing leaves the machine: the namespaces have no route anywhere else.
pub mod experiments;
pub mod info;
pub mod lab;
