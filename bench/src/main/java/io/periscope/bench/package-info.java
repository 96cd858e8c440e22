/** Stand-alone measurements (main classes), not part of the test suite. */
package io.periscope.bench;
