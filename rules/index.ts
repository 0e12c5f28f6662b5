import noOutlivedPromise from './no-outlived-promise';
import noStarvedPromise from './no-starved-promise';

/** Every rule of the plugin by id; ids match file names (a meta-test keeps it so). */
export const rules = {
  'no-outlived-promise': noOutlivedPromise,
  'no-starved-promise': noStarvedPromise,
};
