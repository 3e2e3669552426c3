// Settings every test starts from; a test overrides what it is about through createTestApp(overrides).
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
