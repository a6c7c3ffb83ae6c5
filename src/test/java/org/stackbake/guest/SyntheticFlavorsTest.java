package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.release.BaseCatalog;

/** Validation knows the synthetic bases by the catalog's list: it names exactly the flavors the guest code makes. */
@Tag("unit")
class SyntheticFlavorsTest {

    @Test
    void theCatalogNamesEveryFlavorTheGuestCodeMakes() {
        assertEquals(BaseCatalog.SYNTHETIC_FLAVORS, Arrays.stream(SyntheticBase.Flavor.values())
                .map(SyntheticBase.Flavor::id).toList());
    }
}
