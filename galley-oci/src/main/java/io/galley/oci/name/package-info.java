/**
 * Names as the distribution spec defines them: repository names, tags, and full references ({@code
 * host[:port]/name[:tag][@digest]}).
 */
@NullMarked
package io.galley.oci.name;

import org.jspecify.annotations.NullMarked;
