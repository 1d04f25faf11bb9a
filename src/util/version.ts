/** The version wharfd and wharf report. */
export const VERSION = '0.1.0';
