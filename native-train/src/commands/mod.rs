pub mod export;
pub mod fine_tune;
pub mod grid;
pub mod info;
pub mod init;
pub mod pretrain;
pub mod run_args;
pub mod translate;
