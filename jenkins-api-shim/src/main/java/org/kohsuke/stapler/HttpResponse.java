// Source: notes §2.4 (stapler 2050, org.kohsuke.stapler.HttpResponse). Shim: generateResponse omitted (not called).
package org.kohsuke.stapler;

public interface HttpResponse {
}
