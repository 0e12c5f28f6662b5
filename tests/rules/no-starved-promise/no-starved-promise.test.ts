import rule from '../../../rules/no-starved-promise';
import { runSections } from '../cases';
import { sections } from '.';

// Each section in both modes: `no-starved-promise › <section>`, `… (typed)` and `… (typed, files not on disk)`.
runSections('no-starved-promise', rule, sections);
